using AiMesh.Contracts;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.ServiceDiscovery;

namespace AiMesh.Web.Feed;

/// <summary>
/// LLM answers as they are written, for the whole process, from Results' <c>/ws/answers</c>: each
/// piece is put in its place in an <see cref="AnswerStore"/> and the answer's new
/// <see cref="AnswerDraft"/> goes to <see cref="AnswerChanged"/>.
/// </summary>
/// <remarks>
/// Pieces missed while disconnected are not fetched again (Results keeps no pieces, only whole
/// answers): the draft waits at the gap, and the whole answer comes on <see cref="ResultsFeed"/>.
/// </remarks>
public sealed class AnswersFeed : ResultsSocketFeed<AnswerChunk>
{
    private readonly AnswerStore _store;

    public AnswersFeed(ServiceEndpointResolver resolver, IOptions<ResultsFeedOptions> options, ILogger<AnswersFeed> logger)
        : base(new ResultsSocketAddress(resolver, options.Value.AnswersWebSocketPath), ContractsJsonContext.Default.AnswerChunk, options.Value, logger)
    {
        _store = new AnswerStore(options.Value.AnswerCapacity);
    }

    /// <summary>
    /// Raised when a piece changed an answer, on the feed's thread: handlers must be quick,
    /// thread-safe, and must not touch UI state directly.
    /// </summary>
    public event Action<AnswerDraft>? AnswerChanged;

    /// <summary>How many handlers <see cref="AnswerChanged"/> has: a page that forgot to unsubscribe shows here.</summary>
    internal int AnswerSubscribers => AnswerChanged?.GetInvocationList().Length ?? 0;

    /// <summary>The answer for <paramref name="id"/> as far as it has arrived, if it is among those held.</summary>
    public AnswerDraft? Find(Guid id) => _store.Find(id);

    /// <summary>Takes a piece in, and tells subscribers when it changed its answer.</summary>
    internal void Accept(AnswerChunk chunk)
    {
        if (_store.Add(chunk) is { } draft)
        {
            Raise(AnswerChanged, draft);
        }
    }

    protected override void OnMessage(AnswerChunk message) => Accept(message);
}
