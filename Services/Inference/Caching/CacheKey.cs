using System.Security.Cryptography;
using System.Text;

namespace AiMesh.Inference.Caching;

/// <summary>
/// The Redis key of a cached answer: <c>aimesh:inference:v1:{model}:{sha256 of the normalized text}</c>.
/// Texts that differ only in Unicode composition or whitespace share a key; the model is part of it
/// because another model gives another answer. <c>v1</c> changes when the key or the value's shape does.
/// </summary>
internal static class CacheKey
{
    public const string Prefix = "aimesh:inference:v1:";

    /// <summary>The key for <paramref name="normalizedText"/> (from <see cref="Normalize"/>) under <paramref name="model"/>.</summary>
    public static string For(string model, string normalizedText)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        ArgumentNullException.ThrowIfNull(normalizedText);

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(normalizedText));
        return $"{Prefix}{model}:{Convert.ToHexStringLower(hash)}";
    }

    /// <summary>
    /// Unicode NFC, trimmed, with every run of whitespace (spaces, tabs, line breaks) made one space.
    /// Case is kept on purpose: a model may answer "GREAT!!!" differently from "great!!!", so
    /// folding case would serve one text the answer given to another.
    /// </summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var composed = text.Normalize(NormalizationForm.FormC);
        var normalized = new StringBuilder(composed.Length);
        var pendingSpace = false;
        foreach (var character in composed)
        {
            if (char.IsWhiteSpace(character))
            {
                pendingSpace = normalized.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                normalized.Append(' ');
                pendingSpace = false;
            }

            normalized.Append(character);
        }

        return normalized.ToString();
    }
}
