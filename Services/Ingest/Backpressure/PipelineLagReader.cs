using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace AiMesh.Ingest.Backpressure;

/// <summary>
/// Reads how far each <see cref="PipelineStage"/> is behind, from the cluster itself: the topics' partitions
/// (Metadata), their first and next offsets (ListOffsets) and the groups' committed offsets (OffsetFetch),
/// all requests that real Kafka and librdkafka's mock answer alike. Metadata and offsets are asked through a
/// client of its own, a producer that never produces, not the data-topic producer, whose connections say
/// whether Kafka is reachable (<c>KafkaAvailability</c>): requests sent on them while every broker was down
/// kept librdkafka from reporting the brokers down. A group's committed offsets are asked through a consumer
/// of that group that never subscribes nor is assigned anything, so it never joins the group it reads about.
/// </summary>
/// <remarks>
/// <para>
/// Not the admin client's ListConsumerGroupOffsets: in librdkafka up to 2.16 a coordinator request of an
/// admin call that fails to be sent (a broker going down, a client being destroyed) frees its state while
/// it is still in use, and the process aborts ("eonce->refcnt > 0" in rd_kafka_admin_coord_response_parse;
/// confluentinc/librdkafka#4605, fix proposed in #5397). A core dump of a crashed test run showed exactly
/// that. A consumer's own OffsetFetch takes another path.
/// </para>
/// <para>
/// A partition's lag is its next offset (high watermark) minus where the group will read next: its
/// committed offset, or the partition's first offset when the group has committed none (the pipeline's
/// consumers start a new group at the earliest message) or committed one the broker has since dropped.
/// </para>
/// </remarks>
internal sealed partial class PipelineLagReader : IDisposable
{
    /// <summary>How long each request of a reading may take; a reading sends them side by side, after the metadata.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);

    private readonly IAdminClient _admin;
    private readonly string _bootstrapServers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, IConsumer<Ignore, Ignore>> _groupReaders = [];

    /// <param name="client">The client whose connections the metadata and offset requests use.</param>
    /// <param name="bootstrapServers">The cluster, for the consumers that read each group's committed offsets.</param>
    /// <param name="time">The clock of each reading.</param>
    /// <param name="logger">Where the group readers' librdkafka log lines go.</param>
    public PipelineLagReader(IProducer<Null, Null> client, string bootstrapServers, TimeProvider time, ILogger<PipelineLagReader> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(bootstrapServers);

        _admin = new DependentAdminClientBuilder(client.Handle).Build();
        _bootstrapServers = bootstrapServers;
        _time = time;
        _logger = logger;
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

    public void Dispose()
    {
        _admin.Dispose();
        lock (_lock)
        {
            foreach (var groupReader in _groupReaders.Values)
            {
                groupReader.Dispose();
            }

            _groupReaders.Clear();
        }
    }

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
            var result = await AdminAnswer.HandedOn(_admin.ListOffsetsAsync(
                partitions.Select(partition => new TopicPartitionOffsetSpec { TopicPartition = partition, OffsetSpec = spec }),
                new ListOffsetsOptions { RequestTimeout = RequestTimeout })).ConfigureAwait(false);
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
        if (partitions.Count == 0)
        {
            return [];
        }

        // Committed blocks its thread until the group's coordinator answers or the timeout passes.
        var groupReader = GroupReader(group);
        List<TopicPartitionOffset> answered;
        try
        {
            answered = await Task.Run(() => groupReader.Committed(partitions, RequestTimeout)).ConfigureAwait(false);
        }
        catch (TopicPartitionOffsetException exception)
        {
            var failed = exception.Results.FirstOrDefault(partition => partition.Error.IsError);
            var reason = failed is null ? exception.Error.Reason : $"{failed.TopicPartition}: {failed.Error.Reason}";
            throw new PipelineLagUnreadableException($"Kafka did not give the committed offsets of group '{group}': {reason}.", exception);
        }
        catch (KafkaException exception)
        {
            throw new PipelineLagUnreadableException($"Kafka did not give the committed offsets of group '{group}': {exception.Error.Reason}.", exception);
        }

        var committed = new Dictionary<TopicPartition, long?>();
        foreach (var partition in answered)
        {
            // Offset.Unset (negative): the group has committed nothing there yet.
            if (partition.Offset.Value >= 0)
            {
                committed[partition.TopicPartition] = partition.Offset.Value;
            }
        }

        return committed;
    }

    /// <summary>A consumer of <paramref name="group"/> that only asks for its committed offsets, made on first use.</summary>
    private IConsumer<Ignore, Ignore> GroupReader(string group)
    {
        lock (_lock)
        {
            if (!_groupReaders.TryGetValue(group, out var groupReader))
            {
                groupReader = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
                {
                    BootstrapServers = _bootstrapServers,
                    GroupId = group,
                    EnableAutoCommit = false,
                    EnableAutoOffsetStore = false,
                })
                    .SetLogHandler((_, message) => LogLibrdkafka(_logger, message.Name, message.Facility, message.Message))
                    .Build();
                _groupReaders[group] = groupReader;
            }

            return groupReader;
        }
    }

    [LoggerMessage(1, LogLevel.Debug, "{Client} {Facility}: {Message}")]
    private static partial void LogLibrdkafka(ILogger logger, string client, string facility, string message);
}
