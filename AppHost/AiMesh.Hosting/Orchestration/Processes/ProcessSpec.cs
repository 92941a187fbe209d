namespace AiMesh.Hosting.Orchestration.Processes;

/// <summary>Everything needed to start one process of a resource.</summary>
internal sealed record ProcessSpec(string FileName, IReadOnlyList<string> Args, IReadOnlyDictionary<string, string> Environment, string WorkingDirectory)
{
    /// <summary>The signal that asks the process to stop; PostgreSQL wants SIGINT for a fast shutdown.</summary>
    public UnixSignal StopSignal { get; init; } = UnixSignal.Term;

    public string CommandLine => string.Join(' ', Args.Prepend(FileName).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));
}
