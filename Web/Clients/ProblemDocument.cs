namespace AiMesh.Web.Clients;

/// <summary>
/// The RFC 7807 fields the UI reads from a refusal; <c>errors</c> is what validation problems add, and
/// <c>id</c> the text an unconfirmed submission (Ingest's 504) may still be processed as.
/// </summary>
public sealed record ProblemDocument(
    string? Type,
    string? Title,
    int? Status,
    string? Detail,
    Dictionary<string, string[]>? Errors,
    string? Id = null);
