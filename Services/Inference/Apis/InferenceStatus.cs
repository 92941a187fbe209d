using System.Text.Json.Serialization;

namespace AiMesh.Inference.Apis;

/// <summary>What <c>GET /api/status</c> answers: this replica, its partitions and its counts since start.</summary>
/// <param name="Instance">This replica's name, as results carry it in <c>inferenceInstance</c>.</param>
/// <param name="Model">The model this replica asks the Ai service for.</param>
/// <param name="AssignedPartitions">The data-topic partitions this replica owns now, ascending.</param>
/// <param name="Processed">Results Kafka acknowledged.</param>
/// <param name="CacheHits">Of those, answered from the cache.</param>
/// <param name="CacheMisses">Of those, answered by the Ai service.</param>
/// <param name="DeadLettered">Messages sent to data-topic.dlq instead.</param>
/// <param name="InFlight">Messages being handled now (at most <c>Inference:MaxInFlight</c>, give or take a few already fetched).</param>
/// <param name="AnswersInFlight">Of those, LLM texts whose answer is being asked for now (at most <c>Inference:MaxAnswersInFlight</c>).</param>
/// <param name="Paused">Whether consumption is paused because <c>Inference:MaxInFlight</c> messages are in hand.</param>
/// <param name="OldestInFlightSince">When the longest-held message in hand was taken off data-topic; absent when none is.</param>
/// <param name="LastError">The last error a message met (it may since have succeeded); absent when none.</param>
/// <param name="LastErrorAt">When <paramref name="LastError"/> happened.</param>
public sealed record InferenceStatus(
    string Instance,
    string Model,
    IReadOnlyList<int> AssignedPartitions,
    long Processed,
    long CacheHits,
    long CacheMisses,
    long DeadLettered,
    int InFlight,
    int AnswersInFlight,
    bool Paused,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? OldestInFlightSince,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LastError,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? LastErrorAt);
