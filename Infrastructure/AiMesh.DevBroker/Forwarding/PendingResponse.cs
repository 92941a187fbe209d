namespace AiMesh.DevBroker.Forwarding;

/// <summary>A request forwarded to the mock whose response has not come back yet.</summary>
/// <param name="Request">The request's header.</param>
/// <param name="Partitions">
/// The partitions a Produce writes to, or a held Fetch reads from; null when not known (then any produce
/// concerns any fetch) and for other requests.
/// </param>
/// <param name="HeldFor">For a Fetch whose wait the relay took over: the consumer's max_wait_ms; otherwise zero.</param>
/// <param name="AskedAt">When it was forwarded (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</param>
/// <param name="ArrivalsSeen">For a held Fetch: <see cref="DataArrivals.Seen"/> for its partitions just before it was forwarded.</param>
internal readonly record struct PendingResponse(
    KafkaRequest Request,
    IReadOnlyList<TopicPartition>? Partitions,
    TimeSpan HeldFor,
    long AskedAt,
    long ArrivalsSeen)
{
    public bool IsLongPoll => HeldFor > TimeSpan.Zero;
}
