using System.Globalization;
using AiMesh.Contracts;
using AiMesh.Web.Chat;
using AiMesh.Web.Components.Results;

namespace AiMesh.Web.Components.Chat;

/// <summary>How the chat's entries read on the page; invariant culture, like <see cref="ResultFormat"/>.</summary>
public static class ChatFormat
{
    /// <summary>The <c>data-state</c> value: <c>sending</c>, <c>accepted</c>, <c>streaming</c>, <c>complete</c>, <c>failed</c>.</summary>
    public static string State(ChatEntryState state) => state.ToString().ToLowerInvariant();

    /// <summary>The model a message went to, Ingest's default when it named none.</summary>
    public static string Model(string? model) => model ?? "the default model";

    /// <summary>Whether <paramref name="result"/> is an LLM's answer rather than a built-in model's label.</summary>
    public static bool IsLlmAnswer(InferenceResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Answer is not null || result.Label == InferenceResult.AnswerLabel;
    }

    /// <summary><c>12 in, 85 out</c>; either side alone when the provider reported only one; null when neither.</summary>
    public static string? Tokens(long? input, long? output) => (input, output) switch
    {
        (null, null) => null,
        ({ } inTokens, null) => string.Create(CultureInfo.InvariantCulture, $"{inTokens} in"),
        (null, { } outTokens) => string.Create(CultureInfo.InvariantCulture, $"{outTokens} out"),
        ({ } inTokens, { } outTokens) => string.Create(CultureInfo.InvariantCulture, $"{inTokens} in, {outTokens} out"),
    };

    /// <summary>The provider's latency as latencies read elsewhere on the page; null when not reported.</summary>
    public static string? Latency(double? milliseconds) =>
        milliseconds is { } value && double.IsFinite(value) ? ResultFormat.Duration(TimeSpan.FromMilliseconds(value)) : null;
}
