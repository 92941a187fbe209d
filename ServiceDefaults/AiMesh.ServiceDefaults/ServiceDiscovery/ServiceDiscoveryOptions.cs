namespace AiMesh.ServiceDefaults.ServiceDiscovery;

/// <summary>
/// Options of the configuration-based service discovery (<c>AddServiceDiscovery</c>).
/// </summary>
public sealed class ServiceDiscoveryOptions
{
    /// <summary>
    /// The configuration section holding <c>{service}:{endpoint}:{index}</c> entries. The AppHost injects
    /// them as <c>services__{service}__{endpoint}__{index}</c>, which configuration reads as
    /// <c>services:{service}:{endpoint}:{index}</c> (keys are case-insensitive).
    /// </summary>
    public string SectionName { get; set; } = "services";

    /// <summary>
    /// How long a replica that refused a connection is skipped by round-robin (it is still used when
    /// every replica is cooling down). Short, because a refused connection usually means a restart.
    /// </summary>
    public TimeSpan FailedEndpointCooldown { get; set; } = TimeSpan.FromSeconds(5);
}
