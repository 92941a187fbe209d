using AiMesh.Contracts;

namespace AiMesh.Results.Broadcasting;

/// <summary>The WebSocket streams Results serves.</summary>
internal static class BroadcastStreams
{
    /// <summary><c>/ws/results</c>: each result as it is stored for the first time.</summary>
    public static BroadcastStream<InferenceResult> Results { get; } = new(
        Name: "results",
        Path: "/ws/results",
        EndpointName: "ResultStream",
        Contents: "newly stored results",
        Json: ContractsJsonContext.Default.InferenceResult,
        DescribePush: (activity, result) => activity.SetTag("aimesh.result.id", result.Id));

    /// <summary>
    /// <c>/ws/answers</c>: the pieces of LLM answers from <see cref="Topics.Answers"/> as they arrive,
    /// never stored. A piece whose sequence restarts at 0 means its answer is streaming again.
    /// </summary>
    public static BroadcastStream<AnswerChunk> Answers { get; } = new(
        Name: "answers",
        Path: "/ws/answers",
        EndpointName: "AnswerStream",
        Contents: "LLM answers piece by piece as they arrive",
        Json: ContractsJsonContext.Default.AnswerChunk,
        DescribePush: (activity, chunk) => activity
            .SetTag("aimesh.result.id", chunk.Id)
            .SetTag("aimesh.answer.sequence", chunk.Sequence));
}
