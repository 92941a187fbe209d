namespace AiMesh.ServiceDefaults.Redis;

/// <summary>Bound from <c>Aspire:StackExchange:Redis</c> (then <c>…:{name}</c>), as Aspire's Redis client reads them.</summary>
public sealed class RedisSettings : AiMesh.ServiceDefaults.Configuration.IConnectionStringSettings
{
    /// <summary>Aspire's format, <c>host:port[,password=…][,ssl=true]</c>; <c>ConnectionStrings:{name}</c> wins.</summary>
    public string? ConnectionString { get; set; }

    public bool DisableHealthChecks { get; set; }

    /// <summary>How long the health check's PING may take.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
