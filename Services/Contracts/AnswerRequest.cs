namespace AiMesh.Contracts;

/// <summary>The body of Ai's <c>POST /api/answer</c>: a text for an LLM model to answer.</summary>
/// <param name="Text">The user's text.</param>
/// <param name="Model">The LLM model's name; <c>llm</c> when omitted.</param>
public sealed record AnswerRequest(string Text, string? Model = null);
