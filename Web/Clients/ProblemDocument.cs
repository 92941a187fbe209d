namespace AiMesh.Web.Clients;

/// <summary>The RFC 7807 fields the UI reads from a refusal; <c>errors</c> is what validation problems add.</summary>
public sealed record ProblemDocument(
    string? Type,
    string? Title,
    int? Status,
    string? Detail,
    Dictionary<string, string[]>? Errors);
