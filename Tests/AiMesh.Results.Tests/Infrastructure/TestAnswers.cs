using AiMesh.Contracts;

namespace AiMesh.Results.Tests.Infrastructure;

/// <summary>Pieces of LLM answers and whole LLM results to feed the service.</summary>
internal static class TestAnswers
{
    public const string Model = "llm";

    public static AnswerChunk Chunk(Guid id, int sequence, string text) => new(id, sequence, text, Model);

    /// <summary>An answer's pieces, one per word, numbered from 0.</summary>
    public static List<AnswerChunk> Pieces(Guid id, params string[] words) =>
        [.. words.Select((word, sequence) => Chunk(id, sequence, word))];

    /// <summary>A result as an LLM model's answer arrives on result-topic, every answer field set.</summary>
    public static InferenceResult Result(Guid? id = null, DateTimeOffset? completedAt = null) =>
        TestResults.Create(id: id, label: InferenceResult.AnswerLabel, completedAt: completedAt, text: "Why is the sky blue?") with
        {
            Score = 1,
            Model = Model,
            ModelVersion = "1",
            Answer = "Sunlight scatters off air molecules, blue light most of all.",
            ProviderModel = "openai/gpt-4o-mini-2024-07-18",
            FinishReason = "stop",
            InputTokens = 12,
            OutputTokens = 14,
            LatencyMs = 812.5,
        };
}
