using AiMesh.Contracts;

namespace AiMesh.Results.Consuming;

/// <summary>
/// Whether a deserialized message is a result the table can hold. JSON leaves a missing property at
/// its default (null, or an empty id), which the table's NOT NULL columns would refuse on every retry.
/// </summary>
internal static class ResultMessageCheck
{
    /// <summary>What makes <paramref name="result"/> unstorable, or null when it can be stored.</summary>
    public static string? FindProblem(InferenceResult result)
    {
        if (result.Id == Guid.Empty)
        {
            return "it has no id";
        }

        string?[] missing =
        [
            result.Text is null ? "text" : null,
            result.Label is null ? "label" : null,
            result.Model is null ? "model" : null,
            result.InferenceInstance is null ? "inferenceInstance" : null,
            result.AiInstance is null ? "aiInstance" : null,
        ];
        var names = missing.OfType<string>().ToList();
        return names.Count == 0 ? null : $"it has no {string.Join(", ", names)}";
    }
}
