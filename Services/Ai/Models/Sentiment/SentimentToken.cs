namespace AiMesh.Ai.Models.Sentiment;

/// <summary>
/// One token of a text. It does not hold its text: <see cref="Start"/> and <see cref="Length"/> index
/// the normalized (lower-cased) copy the tokenizer wrote, so tokenizing allocates no strings.
/// </summary>
internal readonly record struct SentimentToken(TokenKind Kind, int Start, int Length)
{
    /// <summary>A word of two or more letters, all capitals ("GREAT").</summary>
    public bool IsShouted { get; init; }

    /// <summary>A word with at least one lower-case letter; a text with none is written all in capitals.</summary>
    public bool HasLowercase { get; init; }

    /// <summary>A word joined to the previous word by a hyphen ("top-notch" is "top" then "notch").</summary>
    public bool FollowsHyphen { get; init; }

    /// <summary>For a <see cref="TokenKind.SentenceEnd"/>, how many '!' it has.</summary>
    public int Exclamations { get; init; }
}
