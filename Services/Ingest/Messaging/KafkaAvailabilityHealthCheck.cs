using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AiMesh.Ingest.Messaging;

/// <summary>
/// Kafka's part of <c>/health</c>, read from <see cref="KafkaAvailability"/>: it answers at once, where a
/// metadata request would wait out its timeout while every broker is down. Healthy once a broker has
/// answered, Unhealthy (the registration's failure status) with the reason while none has.
/// </summary>
internal sealed class KafkaAvailabilityHealthCheck(KafkaAvailability availability) : IHealthCheck
{
    public const string Name = "kafka";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);

        var failure = context.Registration.FailureStatus;
        var state = availability.Current;
        var since = state.Since.ToString("u", CultureInfo.InvariantCulture);
        var result = state.Reachability switch
        {
            KafkaReachability.Reachable => HealthCheckResult.Healthy($"Kafka is reachable since {since}: {state.Description}."),
            KafkaReachability.Unreachable => new HealthCheckResult(failure, $"Kafka is unreachable since {since}: {state.Description}; texts are refused with 503."),
            _ => new HealthCheckResult(failure, $"Kafka has not been reached yet: {state.Description}"),
        };
        return Task.FromResult(result);
    }
}
