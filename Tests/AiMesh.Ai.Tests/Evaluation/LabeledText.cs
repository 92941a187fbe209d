namespace AiMesh.Ai.Tests.Evaluation;

/// <summary>One line of the evaluation set: the label a reader would give, and the text.</summary>
internal sealed record LabeledText(string Label, string Text, int LineNumber);
