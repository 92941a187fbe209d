namespace AiMesh.DevBroker.Forwarding;

/// <summary>A request forwarded to the mock whose response has not come back yet.</summary>
/// <param name="Request">The request's header.</param>
/// <param name="HeldFor">For a Fetch whose wait the relay took over: the consumer's max_wait_ms; otherwise zero.</param>
/// <param name="AskedAt">When it was forwarded (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</param>
/// <param name="ArrivalsSeen">The broker's <see cref="DataArrivals.Count"/> just before it was forwarded.</param>
internal readonly record struct PendingResponse(KafkaRequest Request, TimeSpan HeldFor, long AskedAt, long ArrivalsSeen)
{
    public bool IsLongPoll => HeldFor > TimeSpan.Zero;
}
