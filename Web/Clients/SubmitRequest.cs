namespace AiMesh.Web.Clients;

/// <summary>The body of Ingest's <c>POST /api/subscribe</c>.</summary>
/// <param name="Text">The text to classify.</param>
public sealed record SubmitRequest(string Text);
