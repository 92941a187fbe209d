using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AiMesh.ServiceDefaults.Kafka;

/// <summary>
/// Healthy when the cluster answers a metadata request in time. The request goes through an admin client
/// that borrows the registered client's connection (no extra connections or threads), so it checks the
/// very bootstrap servers and settings the producer or consumer uses. It asks for all topics' metadata:
/// naming a topic would create it on brokers that auto-create topics.
/// </summary>
internal sealed class KafkaHealthCheck(Func<IClient> client, TimeSpan timeout) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // GetMetadata blocks its thread for up to the timeout.
            var brokers = await Task.Run(
                () =>
                {
                    using var admin = new DependentAdminClientBuilder(client().Handle).Build();
                    return admin.GetMetadata(timeout).Brokers.Count;
                },
                cancellationToken).ConfigureAwait(false);

            return brokers > 0
                ? HealthCheckResult.Healthy($"{brokers} broker(s) answered.")
                : new HealthCheckResult(context.Registration.FailureStatus, "The cluster answered without any broker.");
        }
        catch (KafkaException exception)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"No metadata within {timeout}: {exception.Error.Reason}", exception);
        }
    }
}
