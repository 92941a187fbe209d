using AiMesh.Contracts;
using Confluent.Kafka;

namespace AiMesh.Ingest.Messaging;

/// <summary>
/// Creates the producer when Ingest starts, so it connects (and librdkafka can report its brokers down)
/// before the first text arrives. Then asks the cluster for metadata through the producer's own
/// connections whenever <see cref="KafkaAvailability"/> is in doubt: every <see cref="ProbeInterval"/>
/// while Kafka is not known to be reachable, until a broker answers; once after a broker connection
/// failed while it is, and then no answer makes it unreachable. Otherwise it asks nothing.
/// </summary>
internal sealed partial class KafkaAvailabilityMonitor(
    IProducer<string, TextSubmitted> producer,
    KafkaStatusProbe probe,
    KafkaAvailability availability,
    TimeProvider time,
    ILogger<KafkaAvailabilityMonitor> logger) : BackgroundService
{
    /// <summary>How often the monitor probes at most, and so how soon a broker that is back is noticed.</summary>
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
                await availability.WhenInDoubtAsync(stoppingToken).ConfigureAwait(false);
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
        var seen = availability.StartProbe();
        var started = time.GetTimestamp();
        try
        {
            var metadata = await probe.FetchMetadataAsync(ProbeTimeout, stoppingToken).ConfigureAwait(false);
            if (metadata.Brokers.Count > 0)
            {
                availability.OnBrokerAnswered(seen, $"broker {metadata.OriginatingBrokerId} answered a metadata request");
            }
        }
        catch (Exception exception) when (exception is KafkaException or TimeoutException)
        {
            availability.OnNoBrokerAnswered(seen, $"a broker connection failed and no broker answered a metadata request within {ProbeTimeout.TotalSeconds:0.#} s");
        }

        // At most one probe an interval, however often brokers fail.
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
