using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration.UserSecrets;

namespace AiMesh.Hosting.Parameters;

/// <summary>
/// Where generated parameter values are persisted: the AppHost's user secrets file (as Aspire does),
/// outside the repository, as flat <c>Parameters:{name}</c> keys.
/// </summary>
internal sealed class SecretsStore(string path)
{
    private static readonly JsonSerializerOptions s_jsonOptions = new() { WriteIndented = true };

    private readonly Lock _lock = new();

    public string Path { get; } = path;

    public static SecretsStore For(DistributedApplicationOptions options, string stateDirectory)
    {
        if (options.SecretsFile is { } file)
        {
            return new SecretsStore(file);
        }

        var id = options.AppHostAssembly?.GetCustomAttribute<UserSecretsIdAttribute>()?.UserSecretsId;
        return new SecretsStore(id is null ? System.IO.Path.Combine(stateDirectory, "secrets.json") : PathHelper.GetSecretsPathFromSecretsId(id));
    }

    /// <summary>A value saved on an earlier run; the only way back to it when configuration does not read this file.</summary>
    public string? TryGet(string key)
    {
        lock (_lock)
        {
            return File.Exists(Path) && JsonNode.Parse(File.ReadAllText(Path)) is JsonObject secrets && secrets[key] is JsonValue value
                && value.TryGetValue(out string? text) ? text : null;
        }
    }

    public void Save(string key, string value)
    {
        lock (_lock)
        {
            var secrets = File.Exists(Path) ? JsonNode.Parse(File.ReadAllText(Path)) as JsonObject ?? [] : [];
            secrets[key] = value;
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            File.WriteAllText(Path, secrets.ToJsonString(s_jsonOptions));
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
