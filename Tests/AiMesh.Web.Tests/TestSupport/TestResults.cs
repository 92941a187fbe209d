using AiMesh.Contracts;

namespace AiMesh.Web.Tests.TestSupport;

/// <summary>Results to feed the UI, completed at a chosen moment.</summary>
internal static class TestResults
{
    private static readonly DateTimeOffset s_epoch = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A result completed <paramref name="second"/> seconds after a fixed epoch.</summary>
    public static InferenceResult At(int second, string label = "positive", Guid? id = null) =>
        new(
            id ?? Guid.NewGuid(),
            $"text {second}",
            label,
            0.9,
            "sentiment-small",
            "inference-0a1b2c3d",
            "ai-4e5f6a7b",
            Cached: false,
            AcceptedAt: s_epoch.AddSeconds(second).AddMilliseconds(-40),
            CompletedAt: s_epoch.AddSeconds(second));

    /// <summary>A result completed now.</summary>
    public static InferenceResult Now(string label = "positive") =>
        At(0, label) with { AcceptedAt = DateTimeOffset.UtcNow.AddMilliseconds(-40), CompletedAt = DateTimeOffset.UtcNow };

    /// <summary>An LLM model's whole answer to the text <paramref name="id"/>, completed now.</summary>
    public static InferenceResult Answer(Guid id, string answer) =>
        Now(InferenceResult.AnswerLabel) with
        {
            Id = id,
            Score = 1,
            Model = "llm",
            Answer = answer,
            ProviderModel = "openai/gpt-4o-mini",
            FinishReason = "stop",
            InputTokens = 12,
            OutputTokens = 85,
            LatencyMs = 1432,
        };
}
