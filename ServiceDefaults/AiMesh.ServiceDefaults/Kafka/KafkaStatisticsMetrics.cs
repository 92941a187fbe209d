using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using AiMesh.ServiceDefaults.Telemetry;

namespace AiMesh.ServiceDefaults.Kafka;

/// <summary>
/// Gauges on the <c>AiMesh.Kafka</c> meter fed by librdkafka's statistics (every
/// <see cref="KafkaDefaults.StatisticsIntervalMs"/>): messages and bytes waiting in the client's queue,
/// messages sent and received, and for consumers the lag summed over assigned partitions and the lag of
/// each partition (tagged with topic and partition). Each measurement is tagged with the client's name;
/// a client that stopped reporting drops out.
/// </summary>
internal static class KafkaStatisticsMetrics
{
    private static readonly TimeSpan s_stale = TimeSpan.FromMilliseconds(KafkaDefaults.StatisticsIntervalMs * 10);
    private static readonly ConcurrentDictionary<string, Snapshot> s_clients = new();
    private static readonly Meter s_meter = new(AiMeshTelemetry.KafkaName);

    static KafkaStatisticsMetrics()
    {
        s_meter.CreateObservableGauge("messaging.kafka.client.queue.messages", () => Observe(s => s.QueuedMessages), "{message}",
            "Messages waiting in the client's queues (producer: not yet delivered).");
        s_meter.CreateObservableGauge("messaging.kafka.client.queue.size", () => Observe(s => s.QueuedBytes), "By",
            "Bytes waiting in the client's queues.");
        s_meter.CreateObservableCounter("messaging.kafka.client.sent.messages", () => Observe(s => s.SentMessages), "{message}",
            "Messages sent to brokers.");
        s_meter.CreateObservableCounter("messaging.kafka.client.received.messages", () => Observe(s => s.ReceivedMessages), "{message}",
            "Messages received from brokers.");
        s_meter.CreateObservableGauge("messaging.kafka.consumer.lag", () => Observe(s => s.ConsumerLag), "{message}",
            "Messages behind the end of the assigned partitions, summed.");
        s_meter.CreateObservableGauge("messaging.kafka.consumer.partition.lag", ObservePartitionLag, "{message}",
            "Messages behind the end of one assigned partition.");
    }

    /// <summary>Called from the client's statistics handler with librdkafka's JSON.</summary>
    public static void Record(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            Record(document.RootElement);
        }
        catch (JsonException)
        {
            // A malformed report only costs one sample; it must not reach librdkafka's thread.
        }
    }

    private static void Record(JsonElement root)
    {
        var name = root.TryGetProperty("name", out var nameElement) ? nameElement.GetString() : null;
        if (string.IsNullOrEmpty(name))
        {
            return;
        }

        s_clients[name] = new Snapshot(
            Stopwatch.GetTimestamp(),
            Long(root, "msg_cnt"),
            Long(root, "msg_size"),
            Long(root, "txmsgs"),
            Long(root, "rxmsgs"),
            ConsumerLag(root));
    }

    private static IEnumerable<Measurement<long>> Observe(Func<Snapshot, long> value)
    {
        foreach (var (client, snapshot) in s_clients)
        {
            if (Stopwatch.GetElapsedTime(snapshot.Timestamp) > s_stale)
            {
                s_clients.TryRemove(KeyValuePair.Create(client, snapshot));
                continue;
            }

            yield return new Measurement<long>(value(snapshot), new KeyValuePair<string, object?>("messaging.client.id", client));
        }
    }

    private static IEnumerable<Measurement<long>> ObservePartitionLag()
    {
        foreach (var (client, snapshot) in s_clients)
        {
            if (Stopwatch.GetElapsedTime(snapshot.Timestamp) > s_stale)
            {
                continue;
            }

            foreach (var partition in snapshot.PartitionLags)
            {
                yield return new Measurement<long>(
                    partition.Lag,
                    new KeyValuePair<string, object?>("messaging.client.id", client),
                    new KeyValuePair<string, object?>("messaging.destination.name", partition.Topic),
                    new KeyValuePair<string, object?>("messaging.destination.partition.id", partition.Partition));
            }
        }
    }

    private static IReadOnlyList<PartitionLag> ConsumerLag(JsonElement root)
    {
        if (!root.TryGetProperty("topics", out var topics) || topics.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var lags = new List<PartitionLag>();
        foreach (var topic in topics.EnumerateObject())
        {
            if (!topic.Value.TryGetProperty("partitions", out var partitions) || partitions.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var partition in partitions.EnumerateObject())
            {
                // consumer_lag is -1 for partitions this client does not consume, and librdkafka lists
                // the internal partition -1 as well.
                var partitionLag = Long(partition.Value, "consumer_lag");
                if (partitionLag >= 0 && partition.Name != "-1")
                {
                    lags.Add(new PartitionLag(topic.Name, partition.Name, partitionLag));
                }
            }
        }

        return lags;
    }

    private static long Long(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.TryGetInt64(out var number) ? number : 0;

    private sealed record Snapshot(long Timestamp, long QueuedMessages, long QueuedBytes, long SentMessages, long ReceivedMessages, IReadOnlyList<PartitionLag> PartitionLags)
    {
        public long ConsumerLag => PartitionLags.Sum(partition => partition.Lag);
    }

    private sealed record PartitionLag(string Topic, string Partition, long Lag);
}
