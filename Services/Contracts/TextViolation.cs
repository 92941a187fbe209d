namespace AiMesh.Contracts;

/// <summary>A reason <see cref="TextRules.Check"/> gives for a text the pipeline cannot finish.</summary>
/// <param name="Code">A stable, machine-readable name for the reason.</param>
/// <param name="Description">What is wrong, in words a person sending the text can act on.</param>
public sealed record TextViolation(string Code, string Description)
{
    public static readonly TextViolation Blank = new("blank", "The text is missing or blank.");

    public static readonly TextViolation ContainsNul = new(
        "nul", "The text contains the NUL character (U+0000); the results store cannot keep it.");

    public static readonly TextViolation UnpairedSurrogate = new(
        "unpaired-surrogate", "The text is not valid Unicode: it has an unpaired surrogate.");

    public static readonly TextViolation Noncharacter = new(
        "noncharacter", "The text contains a Unicode noncharacter (such as U+FFFE, U+FFFF or U+FDD0–U+FDEF), which is not for interchange.");

    public static readonly TextViolation NotNormalizable = new(
        "not-normalizable", "The text contains code points that Unicode normalization refuses.");
}
