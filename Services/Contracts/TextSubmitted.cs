namespace AiMesh.Contracts;

/// <summary>A text Ingest accepted, as it travels on <see cref="Topics.Data"/>.</summary>
/// <param name="Id">The id Ingest answered with; also the message key, so one text keeps one partition.</param>
/// <param name="Text">The text as submitted.</param>
/// <param name="AcceptedAt">When Ingest accepted it.</param>
/// <param name="Model">The model asked for (a built-in one or an LLM model); null for Inference's default.</param>
public sealed record TextSubmitted(Guid Id, string Text, DateTimeOffset AcceptedAt, string? Model = null);
