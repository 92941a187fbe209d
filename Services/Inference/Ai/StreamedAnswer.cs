using AiMesh.Contracts;

namespace AiMesh.Inference.Ai;

/// <summary>An LLM answer the Ai service streamed to its end.</summary>
/// <param name="Done">The closing <c>done</c> line: the whole answer and what it cost.</param>
/// <param name="AiInstance">The Ai replica that streamed it (its <c>AiMesh-Instance</c> header).</param>
internal sealed record StreamedAnswer(AnswerEvent Done, string AiInstance);
