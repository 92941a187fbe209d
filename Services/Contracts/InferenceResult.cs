namespace AiMesh.Contracts;

/// <summary>
/// The answer for one submitted text: the message on <see cref="Topics.Results"/>, the row Results
/// stores, and what its HTTP API and WebSocket return.
/// </summary>
/// <param name="Id">The id Ingest gave the text.</param>
/// <param name="Text">The text as submitted.</param>
/// <param name="Label">The model's answer, e.g. <c>positive</c>, <c>negative</c> or <c>neutral</c>; <c>answer</c> for an LLM model.</param>
/// <param name="Score">The model's confidence in <paramref name="Label"/>, from 0 to 1; 1 for an LLM's answer.</param>
/// <param name="Model">The name of the model that answered.</param>
/// <param name="InferenceInstance">The Inference replica that handled the message.</param>
/// <param name="AiInstance">The Ai replica that ran the model (for a cached answer, the one that first ran it).</param>
/// <param name="Cached">Whether the answer came from the cache instead of a model run.</param>
/// <param name="AcceptedAt">When Ingest accepted the text.</param>
/// <param name="CompletedAt">When Inference had the answer.</param>
/// <param name="ModelVersion">The version of the model that answered; null from Inference versions that did not record it.</param>
/// <param name="Answer">An LLM model's whole answer; null for the built-in models.</param>
/// <param name="ProviderModel">The provider model id that wrote <paramref name="Answer"/> (a fallback's when the first failed).</param>
/// <param name="FinishReason">Why the LLM's answer ended, as the provider said: <c>stop</c>, <c>length</c>, ...</param>
/// <param name="InputTokens">The prompt's tokens, when the provider reported them.</param>
/// <param name="OutputTokens">The answer's tokens, when the provider reported them.</param>
/// <param name="LatencyMs">From Ai's call to the provider to the answer's last token, in milliseconds.</param>
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
    string? ModelVersion = null,
    string? Answer = null,
    string? ProviderModel = null,
    string? FinishReason = null,
    long? InputTokens = null,
    long? OutputTokens = null,
    double? LatencyMs = null)
{
    /// <summary>The <see cref="Label"/> of an LLM model's answer.</summary>
    public const string AnswerLabel = "answer";
}
