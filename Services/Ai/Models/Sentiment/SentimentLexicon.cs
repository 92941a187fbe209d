using System.Collections.Frozen;

namespace AiMesh.Ai.Models.Sentiment;

/// <summary>
/// The sentiment model's vocabulary: the valence of words, phrases, emoticons and emoji
/// (<c>sentiment-lexicon.tsv</c>) and the multipliers of intensifiers and downtoners
/// (<c>sentiment-modifiers.tsv</c>), both embedded in the assembly. Immutable, so one instance
/// serves every thread; lookups take spans of the normalized text and allocate nothing.
/// </summary>
internal sealed class SentimentLexicon
{
    private const string ResourcePrefix = "AiMesh.Ai.Models.Sentiment.";
    private const string ValencesResource = "sentiment-lexicon.tsv";
    private const string ModifiersResource = "sentiment-modifiers.tsv";

    private readonly FrozenDictionary<string, double>.AlternateLookup<ReadOnlySpan<char>> _valences;
    private readonly FrozenDictionary<string, double>.AlternateLookup<ReadOnlySpan<char>> _modifiers;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _phraseStarts;

    public SentimentLexicon(FrozenDictionary<string, double> valences, FrozenDictionary<string, double> modifiers)
    {
        ArgumentNullException.ThrowIfNull(valences);
        ArgumentNullException.ThrowIfNull(modifiers);

        _valences = valences.GetAlternateLookup<ReadOnlySpan<char>>();
        _modifiers = modifiers.GetAlternateLookup<ReadOnlySpan<char>>();
        ValenceCount = valences.Count;

        // Phrases are written with '-' between words; the longest one bounds how far ahead matching looks,
        // and only a word that starts one makes matching look ahead at all.
        var phrases = valences.Keys.Concat(modifiers.Keys)
            .Where(term => char.IsLetterOrDigit(term[0]) && term.Contains('-', StringComparison.Ordinal))
            .ToArray();
        LongestPhrase = phrases.Length == 0 ? 1 : phrases.Max(term => term.Count(c => c == '-') + 1);
        _phraseStarts = phrases.Select(term => term[..term.IndexOf('-', StringComparison.Ordinal)])
            .ToFrozenSet(StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();

        // Emoticons and emoji are the entries that do not start with a letter or digit; longest first,
        // so ":-(" wins over ":-" and "</3" over "<3".
        Symbols = [.. valences.Keys.Where(term => !char.IsLetterOrDigit(term[0])).OrderByDescending(term => term.Length).ThenBy(term => term, StringComparer.Ordinal)];
    }

    /// <summary>How many words, phrases and symbols carry a valence.</summary>
    public int ValenceCount { get; }

    /// <summary>The most words any entry spans.</summary>
    public int LongestPhrase { get; }

    /// <summary>The emoticons and emoji, longest first.</summary>
    public IReadOnlyList<string> Symbols { get; }

    /// <summary>The valence of a normalized term, from about -4 to +4.</summary>
    public bool TryGetValence(ReadOnlySpan<char> term, out double valence) => _valences.TryGetValue(term, out valence);

    /// <summary>Whether some entry of two or more words begins with <paramref name="word"/>.</summary>
    public bool StartsPhrase(ReadOnlySpan<char> word) => _phraseStarts.Contains(word);

    /// <summary>The multiplier of an intensifier (above 1) or downtoner (below 1).</summary>
    public bool TryGetModifier(ReadOnlySpan<char> term, out double multiplier) => _modifiers.TryGetValue(term, out multiplier);

    /// <summary>Loads the word lists embedded in this assembly.</summary>
    public static SentimentLexicon LoadEmbedded()
    {
        using var valences = OpenResource(ValencesResource);
        using var modifiers = OpenResource(ModifiersResource);
        return Parse(valences, modifiers);
    }

    public static SentimentLexicon Parse(TextReader valences, TextReader modifiers) => new(
        WeightedTerms.Read(valences, ValencesResource),
        WeightedTerms.Read(modifiers, ModifiersResource));

    private static StreamReader OpenResource(string name)
    {
        var stream = typeof(SentimentLexicon).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"The embedded resource '{ResourcePrefix + name}' is missing from {typeof(SentimentLexicon).Assembly.GetName().Name}.");
        return new StreamReader(stream);
    }
}
