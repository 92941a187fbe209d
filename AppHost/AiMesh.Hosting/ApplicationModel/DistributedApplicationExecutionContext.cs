namespace AiMesh.Hosting.ApplicationModel;

public enum DistributedApplicationOperation
{
    Run,
    Publish,
}

/// <summary>Whether the model is being run locally or written out as a deployment manifest.</summary>
public sealed class DistributedApplicationExecutionContext(DistributedApplicationOperation operation)
{
    public DistributedApplicationOperation Operation { get; } = operation;

    public bool IsRunMode => Operation == DistributedApplicationOperation.Run;

    public bool IsPublishMode => Operation == DistributedApplicationOperation.Publish;
}
