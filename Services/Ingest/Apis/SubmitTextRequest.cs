namespace AiMesh.Ingest.Apis;

/// <summary>A text to run inference on, sent as UTF-8 JSON.</summary>
/// <param name="Text">
/// The text: what <see cref="Contracts.TextRules"/> accepts (not blank; no NUL, noncharacter or unpaired
/// surrogate), and at most <c>Ingest:MaxTextLength</c> characters (4000 by default).
/// </param>
/// <param name="Model">
/// The model to run, by name (trimmed, ignoring case): one of <c>GET /api/models</c>' built-in models,
/// or an LLM model that is available. Absent or null for Inference's default model.
/// </param>
/// <remarks>
/// Only the OpenAPI document uses this type: the endpoint reads the body itself (see
/// <see cref="Submissions.SubmissionReader"/>) to tell every kind of bad input apart.
/// </remarks>
internal sealed record SubmitTextRequest(string Text, string? Model = null);
