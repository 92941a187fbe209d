namespace AiMesh.Hosting.Infrastructure;

/// <summary>Finds a server program on PATH or at its Debian location.</summary>
internal static class ExecutableLocator
{
    public static string? Find(string name, params string[] knownLocations)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .Concat(knownLocations)
            .FirstOrDefault(File.Exists);
    }
}
