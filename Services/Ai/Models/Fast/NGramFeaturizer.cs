using System.Globalization;
using System.Text;
using AiMesh.Ai.Models.Linear;

namespace AiMesh.Ai.Models.Fast;

/// <summary>
/// Turns a text into hashed n-gram features for <see cref="FastSentimentModel"/>: lower-cased word
/// unigrams and bigrams (so "not good" is a feature of its own), character 3- to 5-grams inside each
/// word (so misspellings and inflections share features), and a few signals words lose when lowered
/// (a shouted word, exclamation and question marks). Features are hashed into <see cref="Buckets"/>
/// with FNV-1a, which, unlike string.GetHashCode, is the same in every process, and the vector is
/// scaled to unit length so long and short texts weigh alike.
/// </summary>
public sealed class NGramFeaturizer(int buckets = NGramFeaturizer.DefaultBuckets)
{
    public const int DefaultBuckets = 1 << 17;

    private const int MinCharGram = 3;
    private const int MaxCharGram = 5;

    public int Buckets { get; } = buckets > 0 ? buckets : throw new ArgumentOutOfRangeException(nameof(buckets));

    public FeatureVector Featurize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var counts = new Dictionary<int, float>();
        var words = Words(text);
        string? previous = "<s>";
        foreach (var (word, shouted) in words)
        {
            Add(counts, "w:" + word);
            Add(counts, "b:" + previous + " " + word);
            if (shouted)
            {
                Add(counts, "caps");
                Add(counts, "cw:" + word);
            }

            var padded = "<" + word + ">";
            for (var n = MinCharGram; n <= MaxCharGram; n++)
            {
                for (var start = 0; start + n <= padded.Length; start++)
                {
                    Add(counts, string.Concat("c:", padded.AsSpan(start, n)));
                }
            }

            previous = word;
        }

        Add(counts, "b:" + previous + " </s>");
        foreach (var mark in text.Where(character => character is '!' or '?'))
        {
            Add(counts, "p:" + mark);
        }

        var norm = (float)Math.Sqrt(counts.Values.Sum(value => (double)value * value));
        var indices = counts.Keys.Order().ToArray();
        return new FeatureVector(indices, [.. indices.Select(index => counts[index] / norm)]);
    }

    /// <summary>Words (letters, digits, apostrophes) lower-cased, each with whether it was written in capitals; emoji and emoticons count as words.</summary>
    private static List<(string Word, bool Shouted)> Words(string text)
    {
        var words = new List<(string, bool)>();
        var current = new StringBuilder();
        var upper = 0;
        var letters = 0;

        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add((current.ToString(), letters >= 2 && upper == letters));
                current.Clear();
            }

            upper = 0;
            letters = 0;
        }

        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsLetterOrDigit(rune) || rune.Value is '\'' or '\u2019')
            {
                if (Rune.IsLetter(rune))
                {
                    letters++;
                    upper += Rune.IsUpper(rune) ? 1 : 0;
                }

                current.Append(rune.Value == '\u2019' ? "'" : Rune.ToLowerInvariant(rune).ToString());
            }
            else
            {
                Flush();
                if (category is UnicodeCategory.OtherSymbol or UnicodeCategory.MathSymbol)
                {
                    words.Add((rune.ToString(), false));
                }
            }
        }

        Flush();
        AddEmoticons(text, words);
        return words;
    }

    private static void AddEmoticons(string text, List<(string, bool)> words)
    {
        foreach (var emoticon in (ReadOnlySpan<string>)[":)", ":-)", ":(", ":-(", ":D", ";)", ":/", ":'(", "<3"])
        {
            if (text.Contains(emoticon, StringComparison.Ordinal))
            {
                words.Add((emoticon, false));
            }
        }
    }

    private void Add(Dictionary<int, float> counts, string feature)
    {
        var bucket = (int)(Fnv1a(feature) % (uint)Buckets);
        counts[bucket] = counts.GetValueOrDefault(bucket) + 1;
    }

    private static uint Fnv1a(string value)
    {
        var hash = 2166136261u;
        foreach (var character in value)
        {
            hash = (hash ^ character) * 16777619u;
        }

        return hash;
    }
}
