namespace AiMesh.Web.Clients;

/// <summary>Ingest's 202 answer to <see cref="SubmitRequest"/>.</summary>
/// <param name="Id">The id the result will carry.</param>
public sealed record SubmitAccepted(Guid Id);
