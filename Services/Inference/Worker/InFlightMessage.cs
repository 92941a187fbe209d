using Confluent.Kafka;

namespace AiMesh.Inference.Worker;

/// <summary>
/// One data-topic message being handled, as <see cref="WorkerStatus"/> lists it for the health check and
/// <c>/api/status</c>: where it is, since when, and whether it is an LLM text and since when its answer
/// has been asked for (an answer legitimately takes seconds, so it is judged by its own clock).
/// </summary>
internal sealed class InFlightMessage(TopicPartitionOffset message, DateTimeOffset since)
{
    private const long NotAnswering = 0;

    private volatile bool _isAnswer;
    private long _answerStartedTicks = NotAnswering;

    public TopicPartitionOffset Message { get; } = message;

    /// <summary>When its handling began (taken off data-topic), retries included.</summary>
    public DateTimeOffset Since { get; } = since;

    /// <summary>Whether the text is for an LLM model (answered by <c>/api/answer</c>).</summary>
    public bool IsAnswer => _isAnswer;

    /// <summary>
    /// When its first attempt got one of <see cref="InferenceOptions.MaxAnswersInFlight"/> and asked for
    /// the answer, or null while it waits for one (or is not an LLM text).
    /// </summary>
    public DateTimeOffset? AnswerStarted
    {
        get
        {
            var ticks = Interlocked.Read(ref _answerStartedTicks);
            return ticks == NotAnswering ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>The text turned out to be for an LLM model.</summary>
    public void RoutedToAnswer() => _isAnswer = true;

    /// <summary>Its answer is being asked for; only the first attempt's start is kept, so retries show as age.</summary>
    public void AnswerBegan(DateTimeOffset at)
    {
        _isAnswer = true;
        Interlocked.CompareExchange(ref _answerStartedTicks, at.UtcTicks, NotAnswering);
    }
}
