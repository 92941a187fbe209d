namespace AiMesh.Contracts;

/// <summary>
/// The answer for one submitted text: the message on <see cref="Topics.Results"/>, the row Results
/// stores, and what its HTTP API and WebSocket return.
/// </summary>
/// <param name="Id">The id Ingest gave the text.</param>
/// <param name="Text">The text as submitted.</param>
/// <param name="Label">The model's answer, e.g. <c>positive</c>, <c>negative</c> or <c>neutral</c>.</param>
/// <param name="Score">The model's confidence in <paramref name="Label"/>, from 0 to 1.</param>
/// <param name="Model">The name of the model that answered.</param>
/// <param name="InferenceInstance">The Inference replica that handled the message.</param>
/// <param name="AiInstance">The Ai replica that ran the model (for a cached answer, the one that first ran it).</param>
/// <param name="Cached">Whether the answer came from the cache instead of a model run.</param>
/// <param name="AcceptedAt">When Ingest accepted the text.</param>
/// <param name="CompletedAt">When Inference had the answer.</param>
/// <param name="ModelVersion">The version of the model that answered; null from Inference versions that did not record it.</param>
public sealed record InferenceResult(
    Guid Id,
    string Text,
    string Label,
    double Score,
    string Model,
    string InferenceInstance,
    string AiInstance,
    bool Cached,
    DateTimeOffset AcceptedAt,
    DateTimeOffset CompletedAt,
    string? ModelVersion = null);
