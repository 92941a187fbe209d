using AiMesh.Contracts;
using AiMesh.ServiceDefaults.Kafka.DeadLetters;
using Confluent.Kafka;

namespace AiMesh.Ingest.DeadLetters;

/// <summary>
/// Reads and replays the pipeline's dead-letter topics. What has been replayed is remembered as the
/// committed offsets of the consumer group <see cref="ReplayGroup"/>, so each dead letter is replayed at
/// most once by a replay request; a replayed message that fails again becomes a new dead letter (with
/// its replay count), which only another explicit replay sends back: nothing loops by itself.
/// </summary>
internal sealed class DeadLetterQueue(IProducer<byte[]?, byte[]?> producer, IConsumer<byte[]?, byte[]?> consumer) : IDisposable
{
    /// <summary>The consumer group whose committed offsets mark what has been replayed.</summary>
    public const string ReplayGroup = "aimesh-dead-letter-replay";

    /// <summary>The topics whose dead letters can be listed and replayed.</summary>
    public static readonly IReadOnlyList<string> SourceTopics = [Topics.Data, Topics.Results];

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    // One Confluent consumer is not safe for concurrent use; listing and replaying are rare and short.
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The last <paramref name="limit"/> dead letters of <paramref name="sourceTopic"/>, newest first.</summary>
    /// <exception cref="KafkaException">Kafka did not answer.</exception>
    public async Task<IReadOnlyList<DeadLetterEntry>> ListAsync(string sourceTopic, int limit, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => List(DeadLetterTopic.For(sourceTopic), limit), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Sends every dead letter of <paramref name="sourceTopic"/> not replayed before back to its topic, oldest first.</summary>
    /// <exception cref="KafkaException">Kafka did not answer or did not take a replayed message; what was sent before stays replayed.</exception>
    public async Task<IReadOnlyList<ReplayedDeadLetter>> ReplayAsync(string sourceTopic, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var deadLetterTopic = DeadLetterTopic.For(sourceTopic);
            List<ReplayedDeadLetter> replayed = [];
            foreach (var (partition, from, to) in await Task.Run(() => Pending(deadLetterTopic), cancellationToken).ConfigureAwait(false))
            {
                foreach (var consumed in await Task.Run(() => Read(partition, from, to), cancellationToken).ConfigureAwait(false))
                {
                    var letter = DeadLetter.From(consumed);
                    var target = letter.SourceTopic ?? sourceTopic;
                    var delivered = await producer.ProduceAsync(target, DeadLetter.ToReplay(consumed), cancellationToken).ConfigureAwait(false);

                    // Committed one by one: a replay that fails half-way has replayed exactly what it says.
                    consumer.Commit([new TopicPartitionOffset(consumed.TopicPartition, consumed.Offset + 1)]);
                    replayed.Add(new ReplayedDeadLetter(
                        consumed.Partition.Value,
                        consumed.Offset.Value,
                        letter.Key,
                        target,
                        delivered.Partition.Value,
                        delivered.Offset.Value));
                }
            }

            return replayed;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private List<DeadLetterEntry> List(string deadLetterTopic, int limit)
    {
        List<DeadLetterEntry> entries = [];
        foreach (var (partition, low, high, replayedUpTo) in Positions(deadLetterTopic))
        {
            var from = Math.Max(low, high - limit);
            entries.AddRange(Read(partition, from, high).Select(letter => DeadLetterEntry.From(DeadLetter.From(letter), letter.Offset.Value < replayedUpTo)));
        }

        return [.. entries.OrderByDescending(entry => entry.DeadLetteredAt).ThenByDescending(entry => entry.Offset).Take(limit)];
    }

    private List<(TopicPartition Partition, long From, long To)> Pending(string deadLetterTopic) =>
        [.. Positions(deadLetterTopic)
            .Where(position => Math.Max(position.Low, position.ReplayedUpTo) < position.High)
            .Select(position => (position.Partition, Math.Max(position.Low, position.ReplayedUpTo), position.High))];

    /// <summary>Each partition's first and next offsets, and the offset up to which it has been replayed.</summary>
    private List<(TopicPartition Partition, long Low, long High, long ReplayedUpTo)> Positions(string deadLetterTopic)
    {
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var topic = admin.GetMetadata(deadLetterTopic, s_timeout).Topics.SingleOrDefault(candidate => candidate.Topic == deadLetterTopic);
        if (topic is null || topic.Error.Code == ErrorCode.UnknownTopicOrPart || topic.Partitions.Count == 0)
        {
            return [];
        }

        var partitions = topic.Partitions.Select(partition => new TopicPartition(deadLetterTopic, partition.PartitionId)).OrderBy(p => p.Partition.Value).ToList();
        var committed = consumer.Committed(partitions, s_timeout).ToDictionary(position => position.TopicPartition, position => position.Offset);
        return [.. partitions.Select(partition =>
        {
            var watermarks = consumer.QueryWatermarkOffsets(partition, s_timeout);
            var replayedUpTo = committed.TryGetValue(partition, out var offset) && offset.Value >= 0 ? offset.Value : 0;
            return (partition, watermarks.Low.Value, watermarks.High.Value, replayedUpTo);
        })];
    }

    /// <summary>The messages of <paramref name="partition"/> from <paramref name="from"/> up to (not including) <paramref name="to"/>.</summary>
    private List<ConsumeResult<byte[]?, byte[]?>> Read(TopicPartition partition, long from, long to)
    {
        List<ConsumeResult<byte[]?, byte[]?>> letters = [];
        if (from >= to)
        {
            return letters;
        }

        consumer.Assign(new TopicPartitionOffset(partition, from));
        try
        {
            while (consumer.Consume(s_timeout) is { } consumed)
            {
                if (consumed.Message is not null)
                {
                    letters.Add(consumed);
                }

                if (consumed.Offset.Value >= to - 1)
                {
                    break;
                }
            }
        }
        finally
        {
            consumer.Unassign();
        }

        return letters;
    }
}
