namespace AiMesh.Web.Clients;

/// <summary>The part of a built-in model's evaluation the UI shows.</summary>
/// <param name="DataSet">The held-out set it was measured on.</param>
/// <param name="Examples">How many examples that set has.</param>
/// <param name="Accuracy">The share it labelled right, from 0 to 1.</param>
public sealed record ModelEvaluation(string? DataSet, int Examples, double Accuracy);
