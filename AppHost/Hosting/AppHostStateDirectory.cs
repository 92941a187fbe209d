using System.Security.Cryptography;
using System.Text;

namespace AiMesh.AppHost.Hosting;

/// <summary>
/// Where local servers keep what must outlive a run (PostgreSQL's data directory) and their small
/// configuration files: one directory per AppHost project, outside the repository.
/// </summary>
public static class AppHostStateDirectory
{
    /// <summary>Setting that puts the state directory somewhere else (tests point it at a temp directory).</summary>
    public const string ConfigurationKey = "AppHost:StateDirectory";

    /// <summary>
    /// The configured directory, else one named after the AppHost project and a hash of its folder: under
    /// /var/tmp/aimesh when root (the postgres user must reach its data, which it cannot under /root), else
    /// under $XDG_STATE_HOME or ~/.local/state/aimesh.
    /// </summary>
    public static string Resolve(IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        if (builder.Configuration[ConfigurationKey] is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured, builder.AppHostDirectory);
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.AppHostDirectory)))[..8];
        var name = $"{builder.Environment.ApplicationName}-{hash}";
        if (Environment.IsPrivilegedProcess)
        {
            return Path.Combine("/var/tmp/aimesh", name);
        }

        var stateHome = Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        return Path.Combine(stateHome, "aimesh", name);
    }

    /// <summary>The directory of one resource inside the state directory.</summary>
    public static string For(IDistributedApplicationBuilder builder, string resourceName) =>
        Path.Combine(Resolve(builder), resourceName);
}
