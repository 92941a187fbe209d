namespace AiMesh.Ai.Models;

/// <summary>How a model did on a labelled evaluation set.</summary>
/// <param name="DataSet">Which set, e.g. <c>sentiment-heldout.tsv</c>.</param>
/// <param name="Examples">How many labelled texts it holds.</param>
/// <param name="Accuracy">The share answered right, from 0 to 1.</param>
/// <param name="Recall">Per label, the share of the texts with that label answered with it.</param>
public sealed record ModelEvaluation(string DataSet, int Examples, double Accuracy, IReadOnlyDictionary<string, double> Recall);
