namespace AiMesh.Contracts;

/// <summary>The Ai service's answer to <see cref="InferBatchRequest"/>: one prediction per text, in order.</summary>
/// <param name="Model">The name of the model that answered.</param>
/// <param name="ModelVersion">Its version.</param>
/// <param name="Instance">The Ai replica that answered.</param>
/// <param name="Predictions">One per text, in the request's order.</param>
public sealed record InferBatchResponse(string Model, string ModelVersion, string Instance, IReadOnlyList<Prediction> Predictions);

/// <summary>A model's answer for one text of a batch.</summary>
/// <param name="Label">The label, e.g. <c>positive</c>.</param>
/// <param name="Score">The model's confidence in it, from 0 to 1.</param>
public sealed record Prediction(string Label, double Score);
