namespace AiMesh.AppHost.Hosting.Restarts;

/// <summary>How the AppHost restarts a process that exited on its own (section <c>AppHost:Restarts</c>).</summary>
public sealed class RestartPolicyOptions
{
    public const string SectionName = "AppHost:Restarts";

    /// <summary>Wait before the first restart; doubled for each failure in a row.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A process that ran this long before exiting starts again from the initial backoff.</summary>
    public TimeSpan ResetAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>After this many exits in a row without a run of <see cref="ResetAfter"/>, the resource is marked failed and left alone.</summary>
    public int MaxFailuresInARow { get; set; } = 5;

    /// <summary>How many of its last log lines a resource that gave up shows again, as the reason.</summary>
    public int LogLinesOnGivingUp { get; set; } = 20;

    public TimeSpan BackoffAfter(int failuresInARow) =>
        TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, InitialBackoff.Ticks << Math.Min(failuresInARow - 1, 20)));
}
