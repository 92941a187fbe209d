namespace AiMesh.Hosting;

/// <summary>How the AppHost itself behaves, as opposed to what it runs.</summary>
public sealed class DistributedApplicationOptions
{
    public string[] Args { get; set; } = [];

    /// <summary>
    /// Where logs, data, and the record of started processes live; by default outside the repository,
    /// in a place the postgres user can reach when the AppHost runs as root.
    /// </summary>
    public string? StateDirectory { get; set; }

    /// <summary>The read-only status API's port; 0 picks a free one. Configuration: <c>AppHost:StatusPort</c>.</summary>
    public int? StatusPort { get; set; }

    /// <summary>Whether resources' output is streamed to the console (off under the testing builder).</summary>
    public bool StreamConsoleOutput { get; set; } = true;

    /// <summary>Where generated parameter values are kept; by default the AppHost's user secrets.</summary>
    public string? SecretsFile { get; set; }

    /// <summary>How long a resource may take to stop before its process tree is killed.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Where the AppHost's own messages go; the console by default.</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Health-check and restart timings; tests shorten them.</summary>
    public Orchestration.OrchestratorTimings Timings { get; set; } = new();

    /// <summary>The assembly whose UserSecretsId names the secrets store (the AppHost's).</summary>
    public System.Reflection.Assembly? AppHostAssembly { get; set; }
}
