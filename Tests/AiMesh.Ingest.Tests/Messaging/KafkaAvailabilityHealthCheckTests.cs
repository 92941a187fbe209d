using AiMesh.Ingest.Messaging;
using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiMesh.Ingest.Tests.Messaging;

public sealed class KafkaAvailabilityHealthCheckTests
{
    private readonly KafkaAvailability _availability = new(TimeProvider.System, NullLogger<KafkaAvailability>.Instance);

    [Fact]
    public async Task KafkaNotYetReachedIsTheFailureStatus()
    {
        var result = await CheckAsync();

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("not been reached yet", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReachableKafkaIsHealthy()
    {
        _availability.OnBrokerAnswered(_availability.Current, "broker 1 answered");

        var result = await CheckAsync();

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task AnUnreachableKafkaIsTheFailureStatusWithTheReason()
    {
        _availability.OnBrokerAnswered(_availability.Current, "broker 1 answered");
        _availability.OnProducerError(new Error(ErrorCode.Local_AllBrokersDown, "3/3 brokers are down"));

        var result = await CheckAsync(HealthStatus.Degraded);

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("unreachable", result.Description, StringComparison.Ordinal);
        Assert.Contains("3/3 brokers are down", result.Description, StringComparison.Ordinal);
    }

    private Task<HealthCheckResult> CheckAsync(HealthStatus failureStatus = HealthStatus.Unhealthy)
    {
        var check = new KafkaAvailabilityHealthCheck(_availability);
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration(KafkaAvailabilityHealthCheck.Name, check, failureStatus, tags: null) };
        return check.CheckHealthAsync(context, TestContext.Current.CancellationToken);
    }
}
