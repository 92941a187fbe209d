using AiMesh.Contracts;
using AiMesh.Ingest.Apis;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace AiMesh.Ingest.Messaging;

/// <summary>
/// Asks the cluster for <see cref="Topics.Data"/>'s metadata through the producer's own connections
/// (a dependent admin client opens none of its own), so the answer is about the very path texts take.
/// </summary>
/// <remarks>
/// A caller may stop waiting for an answer (its token, or librdkafka overrunning the timeout), but the
/// native call goes on until librdkafka ends it, on the producer's handle. Disposing the probe waits for
/// every such call: the container disposes the probe before the producer it was given, and destroying the
/// producer's handle while a metadata request still runs on it crashed the process (SIGSEGV in
/// rd_kafka_metadata, seen when a test host stopped while its Kafka was unreachable).
/// </remarks>
internal sealed class KafkaStatusProbe(IProducer<string, TextSubmitted> producer, IOptions<IngestOptions> options) : IAsyncDisposable, IDisposable
{
    // GetMetadata honours its timeout loosely; the wait for it is capped a little later.
    private static readonly TimeSpan s_grace = TimeSpan.FromSeconds(1);

    private readonly TimeSpan _timeout = options.Value.KafkaStatusTimeout;
    private readonly Lock _lock = new();
    private readonly HashSet<Task> _running = [];
    private bool _disposed;

    /// <summary>The cluster's brokers and the topic's partitions, or why they could not be had.</summary>
    public async Task<(KafkaStatus? Status, string? Problem)> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await FetchMetadataAsync(_timeout, cancellationToken).ConfigureAwait(false);
            return Interpret(metadata);
        }
        catch (KafkaException exception)
        {
            return (null, $"Kafka gave no metadata within {_timeout}: {exception.Error.Reason}.");
        }
        catch (TimeoutException)
        {
            return (null, $"Kafka gave no metadata within {_timeout}.");
        }
    }

    /// <summary>
    /// The metadata of <see cref="Topics.Data"/>: <see cref="KafkaException"/> when no broker answered
    /// within <paramref name="timeout"/>, <see cref="TimeoutException"/> when librdkafka overran it.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The probe is being disposed: the producer is about to go.</exception>
    public Task<Metadata> FetchMetadataAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // GetMetadata blocks its thread until the cluster answers or the timeout passes.
        Task<Metadata> request;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            request = Task.Run(() => FetchMetadata(producer, timeout), CancellationToken.None);
            _running.Add(request);
        }

        // A call abandoned below still ends within its own timeout; its failure then concerns no one, but
        // disposal waits for it to end.
        _ = request.ContinueWith(Ended, TaskContinuationOptions.ExecuteSynchronously);
        return request.WaitAsync(timeout + s_grace, cancellationToken);
    }

    /// <summary>Refuses new requests and waits until every request still on the producer's handle has ended.</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] running;
        lock (_lock)
        {
            _disposed = true;
            running = [.. _running];
        }

        await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private Exception? Ended(Task<Metadata> request)
    {
        lock (_lock)
        {
            _running.Remove(request);
        }

        return request.Exception;
    }

    private static Metadata FetchMetadata(IProducer<string, TextSubmitted> producer, TimeSpan timeout)
    {
        using var admin = new DependentAdminClientBuilder(producer.Handle).Build();
        return admin.GetMetadata(Topics.Data, timeout);
    }

    private static (KafkaStatus? Status, string? Problem) Interpret(Metadata metadata)
    {
        if (metadata.Brokers.Count == 0)
        {
            return (null, "Kafka answered without any broker.");
        }

        var topic = metadata.Topics.FirstOrDefault(candidate => candidate.Topic == Topics.Data);
        if (topic is null)
        {
            return (null, $"Kafka does not know the topic '{Topics.Data}'.");
        }

        if (topic.Error.IsError)
        {
            return (null, $"Kafka reports the topic '{Topics.Data}' as unusable: {topic.Error.Reason}.");
        }

        var brokers = metadata.Brokers
            .OrderBy(broker => broker.BrokerId)
            .Select(broker => new KafkaBroker(broker.BrokerId, broker.Host, broker.Port))
            .ToList();
        return (new KafkaStatus(KafkaStatus.Available, brokers, new KafkaTopic(topic.Topic, topic.Partitions.Count)), null);
    }
}
