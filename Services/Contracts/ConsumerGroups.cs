namespace AiMesh.Contracts;

/// <summary>
/// The consumer groups that carry texts through the pipeline. Besides their own services, Ingest reads
/// them: how far they lag behind their topics is how far the pipeline has fallen behind the front door.
/// </summary>
public static class ConsumerGroups
{
    /// <summary>All Inference replicas, reading <see cref="Topics.Data"/>: each partition has one owner.</summary>
    public const string Inference = "inference";

    /// <summary>The Results service, reading <see cref="Topics.Results"/>, unless its configuration names another.</summary>
    public const string Results = "results";
}
