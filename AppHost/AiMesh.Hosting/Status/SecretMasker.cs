using System.Text.RegularExpressions;
using AiMesh.Hosting.ApplicationModel;

namespace AiMesh.Hosting.Status;

/// <summary>
/// Hides secrets in anything the status API shows: every secret parameter's value wherever it
/// appears, and password fields of connection strings and URIs that came from configuration.
/// </summary>
internal sealed partial class SecretMasker(Func<IEnumerable<string>> secretValues)
{
    public const string Mask = "*****";

    public static SecretMasker For(IEnumerable<IResource> resources)
    {
        var parameters = resources.OfType<ParameterResource>().Where(p => p.Secret).ToArray();
        return new SecretMasker(() => parameters.Where(p => p.HasValue && p.Value.Length > 0).Select(p => p.Value));
    }

    public string? Apply(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in secretValues().OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        text = PasswordField().Replace(text, m => $"{m.Groups["key"].Value}={Mask}");
        return UriUserInfo().Replace(text, m => $"{m.Groups["scheme"].Value}://{m.Groups["user"].Value}:{Mask}@");
    }

    [GeneratedRegex(@"(?<key>\b(?:password|pwd)\s*)=\s*(?<value>[^;,]*)", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordField();

    [GeneratedRegex(@"(?<scheme>[a-z][a-z0-9+.-]*)://(?<user>[^:/@\s]*):(?<password>[^@/\s]+)@", RegexOptions.IgnoreCase)]
    private static partial Regex UriUserInfo();
}
