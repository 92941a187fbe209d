using AiMesh.Contracts;

namespace AiMesh.Results.Tests.Infrastructure;

/// <summary>Results to feed the service. Times are whole milliseconds in UTC, which PostgreSQL keeps exactly.</summary>
internal static class TestResults
{
    public static readonly DateTimeOffset BaseTime = new(2025, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static InferenceResult Create(
        Guid? id = null,
        string label = "positive",
        DateTimeOffset? completedAt = null,
        string text = "What a lovely day")
    {
        var completed = completedAt ?? BaseTime;
        return new InferenceResult(
            Id: id ?? Guid.NewGuid(),
            Text: text,
            Label: label,
            Score: 0.875,
            Model: "sentiment-v1",
            InferenceInstance: "inference-0a1b2c3d",
            AiInstance: "ai-4e5f6a7b",
            Cached: false,
            AcceptedAt: completed.AddMilliseconds(-250),
            CompletedAt: completed);
    }
}
