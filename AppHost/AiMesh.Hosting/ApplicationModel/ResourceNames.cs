using System.Text.RegularExpressions;

namespace AiMesh.Hosting.ApplicationModel;

/// <summary>
/// Resource names become environment variable names, file names and URL segments, so they are kept
/// to Aspire's rule: ASCII letters, digits and hyphens, starting with a letter.
/// </summary>
public static partial class ResourceNames
{
    public static void ThrowIfInvalid(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        // A trailing or doubled hyphen would become "__" in {NAME}_{PROP}, which configuration reads as a section separator.
        if (!ValidName().IsMatch(name) || name.Contains("--", StringComparison.Ordinal) || name.EndsWith('-'))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid resource name: use letters, digits and single hyphens, starting with a letter and not ending with a hyphen, at most 64 characters.",
                nameof(name));
        }
    }

    /// <summary>The `{NAME}_{PROP}` form Aspire 13 uses for connection properties: upper case, non-alphanumerics as '_'.</summary>
    public static string ToEnvironmentPrefix(string name) => NonAlphanumeric().Replace(name.ToUpperInvariant(), "_");

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9-]{0,63}$")]
    private static partial Regex ValidName();

    [GeneratedRegex("[^A-Z0-9]")]
    private static partial Regex NonAlphanumeric();
}
