using System.Text;

namespace AiMesh.Contracts;

/// <summary>
/// The one rule for what a text may be, so that whatever Ingest accepts every later stage can finish:
/// Ingest refuses the rest at the door, and each consumer checks again (a producer on a real broker
/// need not be Ingest) and dead-letters what breaks the rule instead of failing on it.
/// </summary>
public static class TextRules
{
    /// <summary>
    /// Why <paramref name="text"/> cannot go through the pipeline, or null when it can. The length is not
    /// part of the rule: each service sets its own bound.
    /// </summary>
    public static TextViolation? Check(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return TextViolation.Blank;
        }

        for (var index = 0; index < text.Length; index++)
        {
            var character = text[index];
            if (character == '\0')
            {
                // PostgreSQL's text type cannot hold U+0000: accepted, the text would be answered and never stored.
                return TextViolation.ContainsNul;
            }

            if (char.IsSurrogate(character))
            {
                if (!char.IsHighSurrogate(character) || index + 1 >= text.Length || !char.IsLowSurrogate(text[index + 1]))
                {
                    return TextViolation.UnpairedSurrogate;
                }

                if (IsNoncharacter(char.ConvertToUtf32(character, text[index + 1])))
                {
                    return TextViolation.Noncharacter;
                }

                index++;
                continue;
            }

            if (IsNoncharacter(character))
            {
                return TextViolation.Noncharacter;
            }
        }

        // Unicode normalization (the cache key is made of the NFC text) refuses unassigned code points
        // in some runtimes' data; whatever it refuses, the pipeline cannot finish.
        try
        {
            _ = text.IsNormalized(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return TextViolation.NotNormalizable;
        }

        return null;
    }

    /// <summary>The 66 code points Unicode reserves for internal use: U+FDD0–U+FDEF and the last two of every plane.</summary>
    public static bool IsNoncharacter(int codePoint) =>
        codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;

    /// <summary>The number of Unicode scalar values in <paramref name="text"/>: the length every text limit counts.</summary>
    public static int CountCharacters(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}
