namespace AiMesh.Hosting.Orchestration;

/// <summary>How often health is checked and how restarts back off; tests shorten these.</summary>
public sealed class OrchestratorTimings
{
    /// <summary>Aspire checks every 1-5 s until healthy; AiMesh every second.</summary>
    public TimeSpan UnhealthyCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Aspire waits 30 s between checks of a healthy resource; AiMesh 5 s, so the status API stays current.</summary>
    public TimeSpan HealthyCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan InitialRestartDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaximumRestartDelay { get; set; } = TimeSpan.FromSeconds(30);
}
