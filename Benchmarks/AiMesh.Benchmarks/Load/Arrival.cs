using System.Diagnostics;

namespace AiMesh.Benchmarks.Load;

/// <summary>
/// When a result first arrived (a <see cref="Stopwatch"/> timestamp), and how its time split between
/// Ingest's acceptance and Inference's answer and from that answer to the push (wall clocks of one
/// machine, so comparable).
/// </summary>
internal readonly record struct Arrival(long Timestamp, TimeSpan ToInference, TimeSpan AfterInference);
