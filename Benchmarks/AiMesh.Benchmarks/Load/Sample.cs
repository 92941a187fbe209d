namespace AiMesh.Benchmarks.Load;

/// <summary>
/// One text sent: when it was due to be sent (a <see cref="System.Diagnostics.Stopwatch"/> timestamp;
/// in an open loop the schedule's time, so a late sender adds to the latency instead of hiding it)
/// and what its POST got; in an open loop, <paramref name="SentLate"/> is how long after it was due the
/// POST went out, the load generator's own share of its latency.
/// </summary>
internal readonly record struct Sample(long Due, Submission Submission, TimeSpan? SentLate = null);
