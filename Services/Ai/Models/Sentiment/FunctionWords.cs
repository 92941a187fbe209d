using System.Collections.Frozen;

namespace AiMesh.Ai.Models.Sentiment;

/// <summary>
/// The closed-class words the sentiment rules turn on. They are grammar rather than vocabulary, so they
/// live in code beside the rules that use them instead of in the weighted word lists.
/// </summary>
internal static class FunctionWords
{
    private static readonly FrozenDictionary<string, WordRole>.AlternateLookup<ReadOnlySpan<char>> s_roles = Roles(
        (WordRole.Negator,
        [
            "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "nowhere", "without", "cannot",
            "hardly", "barely", "scarcely", "lack", "lacks", "lacked", "lacking",
            // Contractions typed without their apostrophe.
            "dont", "doesnt", "didnt", "isnt", "wasnt", "arent", "werent", "cant", "couldnt", "shouldnt",
            "wouldnt", "wont", "havent", "hasnt", "hadnt", "aint", "mustnt", "neednt",
        ]),
        // "X, but Y": Y is what the writer means, so X counts less and Y more.
        (WordRole.Contrast, ["but", "however", "nevertheless", "nonetheless"]),
        // "Although X, Y": X is conceded, so the clause it opens counts less.
        (WordRole.Concession, ["although", "though", "despite"]));

    /// <summary>What a word does to the sentiment words around it; "…n't" contractions are negators.</summary>
    public static WordRole RoleOf(ReadOnlySpan<char> word) =>
        s_roles.TryGetValue(word, out var role) ? role
        : word.EndsWith("n't", StringComparison.Ordinal) ? WordRole.Negator
        : WordRole.None;

    /// <summary>
    /// Word pairs that look like a negation or a contrast but are neither: "not only", "not just",
    /// "nothing but" (meaning "only") and "but also".
    /// </summary>
    public static bool IsFalseNegationOrContrast(ReadOnlySpan<char> word, ReadOnlySpan<char> next) =>
        (word is "not" && next is "only" or "just")
        || (word is "nothing" && next is "but")
        || (word is "but" && next is "also");

    private static FrozenDictionary<string, WordRole>.AlternateLookup<ReadOnlySpan<char>> Roles(params (WordRole Role, string[] Words)[] groups) =>
        groups.SelectMany(group => group.Words.Select(word => KeyValuePair.Create(word, group.Role)))
            .ToFrozenDictionary(StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();
}
