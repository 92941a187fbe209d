namespace AiMesh.Hosting.Orchestration;

/// <summary>Where a resource, or one replica of it, is in its life.</summary>
public enum ResourceState
{
    NotStarted,

    /// <summary>Held back until the resources it waits for are healthy.</summary>
    Waiting,

    /// <summary>Being prepared or launched; not yet accepting work.</summary>
    Starting,

    /// <summary>Its process runs; health not known yet.</summary>
    Running,

    Healthy,

    /// <summary>Runs, but its health check fails.</summary>
    Unhealthy,

    Stopping,

    /// <summary>Its process ended; a replica that ended unexpectedly is restarted after a backoff.</summary>
    Exited,

    /// <summary>It could not be started (missing program, failed preparation, a dependency that failed).</summary>
    FailedToStart,
}
