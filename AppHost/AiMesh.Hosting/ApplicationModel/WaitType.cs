namespace AiMesh.Hosting.ApplicationModel;

public enum WaitType
{
    /// <summary>Wait until the dependency is healthy.</summary>
    WaitUntilHealthy,

    /// <summary>Wait until the dependency's process has started.</summary>
    WaitUntilStarted,
}
