namespace AiMesh.Contracts;

/// <summary>
/// A piece of an LLM model's answer as it arrives, on <see cref="Topics.Answers"/> and <c>/ws/answers</c>.
/// A redelivered text may stream its answer again: <see cref="Sequence"/> restarts at 0, and a reader
/// that sees it restart starts over.
/// </summary>
/// <param name="Id">The text's id.</param>
/// <param name="Sequence">The piece's place in its answer, from 0.</param>
/// <param name="Text">The new text.</param>
/// <param name="Model">The model answering.</param>
public sealed record AnswerChunk(Guid Id, int Sequence, string Text, string Model);
