using System.ClientModel.Primitives;

namespace AiMesh.Ai.Llm;

/// <summary>
/// Adds OpenRouter's attribution headers (<c>HTTP-Referer</c>, <c>X-Title</c>) to every request the
/// OpenAI client sends; other OpenAI-compatible endpoints ignore them.
/// </summary>
internal sealed class AttributionHeadersPolicy(string? referer, string title) : PipelinePolicy
{
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        AddHeaders(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        AddHeaders(message);
        return ProcessNextAsync(message, pipeline, currentIndex);
    }

    private void AddHeaders(PipelineMessage message)
    {
        if (!string.IsNullOrWhiteSpace(referer))
        {
            message.Request.Headers.Set("HTTP-Referer", referer);
        }

        if (!string.IsNullOrWhiteSpace(title))
        {
            message.Request.Headers.Set("X-Title", title);
        }
    }
}
