using AiMesh.Contracts;

namespace AiMesh.Web.Tests.TestSupport;

/// <summary>Pieces of an LLM answer, as Results pushes them on <c>/ws/answers</c>.</summary>
internal static class TestChunks
{
    /// <summary>Piece <paramref name="sequence"/> of the answer to <paramref name="id"/>.</summary>
    public static AnswerChunk Piece(Guid id, int sequence, string text) => new(id, sequence, text, "llm");

    /// <summary>The answer to <paramref name="id"/> cut into pieces, numbered from 0.</summary>
    public static AnswerChunk[] Pieces(Guid id, params string[] texts) =>
        [.. texts.Select((text, sequence) => Piece(id, sequence, text))];
}
