using AiMesh.Contracts;
using Confluent.Kafka;

namespace AiMesh.Ingest.Messaging;

/// <summary>
/// Creates the producer when Ingest starts, so it connects (and librdkafka can report its brokers down)
/// before the first text arrives. Then, whenever Kafka is not known to be reachable, asks the cluster for
/// metadata through the producer's own connections every <see cref="ProbeInterval"/> until a broker
/// answers; while Kafka is reachable it asks nothing.
/// </summary>
internal sealed partial class KafkaAvailabilityMonitor(
    IProducer<string, TextSubmitted> producer,
    KafkaStatusProbe probe,
    KafkaAvailability availability,
    TimeProvider time,
    ILogger<KafkaAvailabilityMonitor> logger) : BackgroundService
{
    /// <summary>How often a broker that is back can be noticed, at most.</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long one request waits for a broker. A request pending when a broker comes back is answered as
    /// soon as librdkafka reconnects, so a longer wait notices it no later.
    /// </summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogWatching(logger, producer.Name);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await availability.WhenNotReachableAsync(stoppingToken).ConfigureAwait(false);
                await ProbeOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Ending here would stop the whole service: watching again shortly is the lesser harm.
                LogProbeFailed(logger, exception);
                await Task.Delay(ProbeInterval, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ProbeOnceAsync(CancellationToken stoppingToken)
    {
        var seen = availability.Current;
        var started = time.GetTimestamp();
        try
        {
            var metadata = await probe.FetchMetadataAsync(ProbeTimeout, stoppingToken).ConfigureAwait(false);
            if (metadata.Brokers.Count > 0)
            {
                availability.OnBrokerAnswered(seen, $"broker {metadata.OriginatingBrokerId} answered a metadata request");
                return;
            }
        }
        catch (Exception exception) when (exception is KafkaException or TimeoutException)
        {
            // No broker answered in time: the state stays as it is, and the next probe tries again.
        }

        var remaining = ProbeInterval - time.GetElapsedTime(started);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, time, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(1, LogLevel.Debug, "Watching whether {Producer} can reach Kafka.")]
    private static partial void LogWatching(ILogger logger, string producer);

    [LoggerMessage(2, LogLevel.Warning, "Asking Kafka for metadata failed unexpectedly; asking again shortly.")]
    private static partial void LogProbeFailed(ILogger logger, Exception exception);
}
