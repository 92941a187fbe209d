using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace AiMesh.Ingest.Backpressure;

/// <summary>
/// Reads how far each <see cref="PipelineStage"/> is behind, from the cluster itself: the topics' partitions
/// (Metadata), their first and next offsets (ListOffsets) and the groups' committed offsets (OffsetFetch),
/// all requests that real Kafka and librdkafka's mock answer alike. It asks through a client of its own, a
/// producer that never produces: not a consumer, so it is in no group and never disturbs the consumers it
/// reads about; and not the data-topic producer, whose connections say whether Kafka is reachable
/// (<c>KafkaAvailability</c>): requests sent on them while every broker was down kept librdkafka from
/// reporting the brokers down.
/// </summary>
/// <remarks>
/// A partition's lag is its next offset (high watermark) minus where the group will read next: its
/// committed offset, or the partition's first offset when the group has committed none (the pipeline's
/// consumers start a new group at the earliest message) or committed one the broker has since dropped.
/// </remarks>
internal sealed class PipelineLagReader : IDisposable
{
    /// <summary>How long each request of a reading may take; a reading sends them side by side, after the metadata.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);

    private readonly IAdminClient _admin;
    private readonly TimeProvider _time;

    public PipelineLagReader(IProducer<Null, Null> client, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(client);

        _admin = new DependentAdminClientBuilder(client.Handle).Build();
        _time = time;
    }

    /// <summary>
    /// Every stage's lag. Never abandons a request: each ends within <see cref="RequestTimeout"/>, so the
    /// reading ends too, and nothing is still on its way when the client is disposed.
    /// </summary>
    /// <exception cref="PipelineLagUnreadableException">Kafka did not answer, or answered with an error.</exception>
    public async Task<PipelineLagReading> ReadAsync(IReadOnlyList<PipelineStage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);

        var metadata = await Task.Run(GetMetadata).ConfigureAwait(false);
        var stagePartitions = stages.Select(stage => (Stage: stage, Partitions: PartitionsOf(metadata, stage.Topic))).ToList();
        var all = stagePartitions.SelectMany(stage => stage.Partitions).ToList();
        if (all.Count == 0)
        {
            return new PipelineLagReading([.. stages.Select(stage => new StageLag(stage, 0, 0))], _time.GetUtcNow());
        }

        var earliest = ListOffsetsAsync(all, OffsetSpec.Earliest(), "first");
        var latest = ListOffsetsAsync(all, OffsetSpec.Latest(), "next");
        var committed = stagePartitions.Select(stage => CommittedOffsetsAsync(stage.Stage.Group, stage.Partitions)).ToList();
        try
        {
            await Task.WhenAll([earliest, latest, .. committed]).ConfigureAwait(false);
        }
        catch (PipelineLagUnreadableException)
        {
            // Every request has ended; the first failure in a fixed order is reported below.
        }

        var low = await earliest.ConfigureAwait(false);
        var high = await latest.ConfigureAwait(false);
        var lags = new List<StageLag>(stages.Count);
        for (var index = 0; index < stagePartitions.Count; index++)
        {
            var (stage, partitions) = stagePartitions[index];
            var groupCommitted = await committed[index].ConfigureAwait(false);
            var lag = partitions.Sum(partition => PartitionLag(low[partition], high[partition], groupCommitted.GetValueOrDefault(partition)));
            lags.Add(new StageLag(stage, partitions.Count, lag));
        }

        return new PipelineLagReading(lags, _time.GetUtcNow());
    }

    public void Dispose() => _admin.Dispose();

    private static long PartitionLag(long low, long high, long? committed)
    {
        var next = Math.Max(committed ?? low, low);
        return Math.Max(0, high - next);
    }

    private Metadata GetMetadata()
    {
        // Every topic rather than the stages' by name: naming a topic that does not exist would create it
        // on a broker that auto-creates topics (the mock always does).
        try
        {
            return _admin.GetMetadata(RequestTimeout);
        }
        catch (KafkaException exception)
        {
            throw new PipelineLagUnreadableException($"Kafka gave no metadata within {RequestTimeout}: {exception.Error.Reason}.", exception);
        }
    }

    private static List<TopicPartition> PartitionsOf(Metadata metadata, string topic)
    {
        var found = metadata.Topics.FirstOrDefault(candidate => candidate.Topic == topic);
        if (found is null || found.Error.Code == ErrorCode.UnknownTopicOrPart)
        {
            // Nothing was ever published to it: nothing waits there.
            return [];
        }

        if (found.Error.IsError)
        {
            throw new PipelineLagUnreadableException($"Kafka reports the topic '{topic}' as unusable: {found.Error.Reason}.");
        }

        return [.. found.Partitions.Select(partition => new TopicPartition(topic, partition.PartitionId))];
    }

    private async Task<Dictionary<TopicPartition, long>> ListOffsetsAsync(List<TopicPartition> partitions, OffsetSpec spec, string which)
    {
        IEnumerable<ListOffsetsResultInfo> infos;
        try
        {
            var result = await _admin.ListOffsetsAsync(
                partitions.Select(partition => new TopicPartitionOffsetSpec { TopicPartition = partition, OffsetSpec = spec }),
                new ListOffsetsOptions { RequestTimeout = RequestTimeout }).ConfigureAwait(false);
            infos = result.ResultInfos;
        }
        catch (ListOffsetsException exception)
        {
            infos = exception.Result.ResultInfos;
            if (!infos.Any(info => info.TopicPartitionOffsetError.Error.IsError))
            {
                throw new PipelineLagUnreadableException($"Kafka did not give the {which} offsets: {exception.Error.Reason}.", exception);
            }
        }
        catch (KafkaException exception)
        {
            throw new PipelineLagUnreadableException($"Kafka did not give the {which} offsets: {exception.Error.Reason}.", exception);
        }

        var offsets = new Dictionary<TopicPartition, long>();
        foreach (var info in infos.Select(info => info.TopicPartitionOffsetError))
        {
            if (info.Error.IsError)
            {
                throw new PipelineLagUnreadableException($"Kafka did not give the {which} offset of {info.TopicPartition}: {info.Error.Reason}.");
            }

            offsets[info.TopicPartition] = info.Offset.Value;
        }

        if (partitions.FirstOrDefault(partition => !offsets.ContainsKey(partition)) is { } missing)
        {
            throw new PipelineLagUnreadableException($"Kafka did not give the {which} offset of {missing}.");
        }

        return offsets;
    }

    /// <summary>The offsets <paramref name="group"/> committed; partitions it has committed nothing for are left out.</summary>
    private async Task<Dictionary<TopicPartition, long?>> CommittedOffsetsAsync(string group, List<TopicPartition> partitions)
    {
        // OffsetFetch of all of a group's partitions (none named) is not answered by the mock: name them.
        if (partitions.Count == 0)
        {
            return [];
        }

        IEnumerable<TopicPartitionOffsetError> answered;
        try
        {
            var results = await _admin.ListConsumerGroupOffsetsAsync(
                [new ConsumerGroupTopicPartitions(group, partitions)],
                new ListConsumerGroupOffsetsOptions { RequestTimeout = RequestTimeout }).ConfigureAwait(false);
            answered = results.Single().Partitions;
        }
        catch (ListConsumerGroupOffsetsException exception)
        {
            var report = exception.Results.FirstOrDefault();
            var reason = report?.Error is { IsError: true } error ? error.Reason : exception.Error.Reason;
            throw new PipelineLagUnreadableException($"Kafka did not give the committed offsets of group '{group}': {reason}.", exception);
        }
        catch (KafkaException exception)
        {
            throw new PipelineLagUnreadableException($"Kafka did not give the committed offsets of group '{group}': {exception.Error.Reason}.", exception);
        }

        var committed = new Dictionary<TopicPartition, long?>();
        foreach (var partition in answered)
        {
            if (partition.Error.IsError)
            {
                throw new PipelineLagUnreadableException($"Kafka did not give group '{group}''s committed offset of {partition.TopicPartition}: {partition.Error.Reason}.");
            }

            // Offset.Unset (negative): the group has committed nothing there yet.
            if (partition.Offset.Value >= 0)
            {
                committed[partition.TopicPartition] = partition.Offset.Value;
            }
        }

        return committed;
    }
}
