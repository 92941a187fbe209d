namespace AiMesh.Hosting.Orchestration.Processes;

/// <summary>Finds a program the way a shell would: a path as given, a bare name on PATH.</summary>
internal static class ExecutableLocator
{
    /// <summary>The program's full path, or null when there is no such executable file.</summary>
    public static string? Find(string name, params string[] knownLocations)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return IsExecutable(name) ? Path.GetFullPath(name) : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .Concat(knownLocations)
            .FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
