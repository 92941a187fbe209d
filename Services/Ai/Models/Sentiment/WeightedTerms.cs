using System.Collections.Frozen;
using System.Globalization;

namespace AiMesh.Ai.Models.Sentiment;

/// <summary>
/// Reads the <c>term&lt;TAB&gt;number</c> files the sentiment model's word lists are kept in. Terms are
/// stored the way the tokenizer presents text: lower case, with the words of a phrase joined by
/// <c>-</c> (so "kind of" and "kind-of" are one entry), emoji without presentation selectors.
/// </summary>
internal static class WeightedTerms
{
    private const char EmojiPresentationSelector = '\uFE0F';

    public static FrozenDictionary<string, double> Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);

        var terms = new Dictionary<string, double>(StringComparer.Ordinal);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith('#') || string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length != 2)
            {
                throw Malformed(source, lineNumber, $"expected 'term<TAB>number', found {fields.Length} tab-separated fields");
            }

            var term = Normalize(fields[0]);
            if (term.Length == 0)
            {
                throw Malformed(source, lineNumber, "the term is empty");
            }

            if (!double.TryParse(fields[1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) || !double.IsFinite(weight))
            {
                throw Malformed(source, lineNumber, $"'{fields[1]}' is not a number");
            }

            if (!terms.TryAdd(term, weight))
            {
                throw Malformed(source, lineNumber, $"'{term}' is listed twice");
            }
        }

        return terms.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Brings a term to the form the tokenizer produces: lower case, the words of a phrase joined by '-'.</summary>
    public static string Normalize(string term)
    {
        var trimmed = term.Replace(EmojiPresentationSelector.ToString(), "", StringComparison.Ordinal).Trim();
        if (trimmed.Length == 0 || !char.IsLetterOrDigit(trimmed[0]))
        {
            // Emoticons and emoji are matched character for character: ":-)" keeps its hyphen.
            return trimmed.ToLowerInvariant();
        }

        var words = trimmed.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join('-', words).ToLowerInvariant().Replace('\u2019', '\'');
    }

    private static FormatException Malformed(string source, int lineNumber, string problem) =>
        new($"{source}, line {lineNumber}: {problem}.");
}
