namespace AiMesh.ServiceDefaults.Telemetry;

/// <summary>
/// The names AiMesh code uses for its own ActivitySources and Meters. Every name that starts with
/// <c>AiMesh.</c> is collected by the defaults, so a service only has to pick one:
/// <code>
/// private static readonly ActivitySource s_source = new(AiMeshTelemetry.SourceName("Gateway"));
/// </code>
/// </summary>
public static class AiMeshTelemetry
{
    /// <summary>The prefix of every AiMesh ActivitySource and Meter name.</summary>
    public const string Prefix = "AiMesh";

    /// <summary>The wildcard the tracer and meter providers subscribe to.</summary>
    public const string NamePattern = Prefix + ".*";

    /// <summary>ActivitySource and Meter of the Kafka client integration ("{topic} publish", "{topic} process").</summary>
    public const string KafkaName = Prefix + ".Kafka";

    /// <summary>Builds the ActivitySource or Meter name for one AiMesh component, e.g. <c>AiMesh.Gateway</c>.</summary>
    public static string SourceName(string component)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(component);
        return $"{Prefix}.{component}";
    }
}
