namespace AiMesh.Ai.Models.Training;

/// <summary>One line of a sentiment data set: its label, its domain and its text.</summary>
public sealed record LabeledSentence(string Label, string Domain, string Text);
