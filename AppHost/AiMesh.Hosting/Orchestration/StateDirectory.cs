using System.Security.Cryptography;
using System.Text;
using AiMesh.Hosting.Orchestration.Processes;

namespace AiMesh.Hosting.Orchestration;

/// <summary>
/// The AppHost's working area: logs, data, the process record. One per AppHost project, outside the
/// repository; under /var/tmp when root, because PostgreSQL (run as postgres) must reach its data.
/// </summary>
internal static class StateDirectory
{
    public static string Resolve(string? configured, string appName, string appHostDirectory)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return Path.GetFullPath(configured);
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(appHostDirectory)))[..8];
        var name = $"{appName}-{hash}";
        if (NativeMethods.GetEffectiveUserId() == 0)
        {
            return Path.Combine("/var/tmp/aimesh", name);
        }

        var stateHome = Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        return Path.Combine(stateHome, "aimesh", name);
    }
}
