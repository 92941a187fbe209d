namespace AiMesh.Ingest.AiModels;

/// <summary>One model in Ai's list, as far as choosing it for a text goes.</summary>
/// <param name="Name">Its canonical name, spelt as Ai spells it: what is published on data-topic.</param>
/// <param name="Available">
/// Whether it can answer: always for a built-in model (Ai loads them all); for an LLM model, Ai's
/// <c>available</c> (false while no API key is configured).
/// </param>
/// <param name="UnavailableReason">Ai's <c>unavailableReason</c> when it cannot answer.</param>
internal sealed record AiModel(string Name, bool Available, string? UnavailableReason);
