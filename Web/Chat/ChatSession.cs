using AiMesh.Web.Clients;
using AiMesh.Web.Feed;
using AiMesh.Web.Submissions;

namespace AiMesh.Web.Chat;

/// <summary>
/// One tab's chat, for the life of its circuit (scoped): the <see cref="Conversation"/>, the model
/// picked, and the work that moves entries along (the post to Ingest, pieces of answers from
/// <see cref="AnswersFeed"/>, results through a <see cref="ResultWatch"/> per entry). It outlives the
/// chat page, so answers keep arriving while the person is on another page; a reload starts a new
/// circuit, which <see cref="Restore"/> picks up from what the tab saved.
/// </summary>
public sealed partial class ChatSession : IDisposable
{
    private readonly IngestClient _ingest;
    private readonly ResultWatcher _watcher;
    private readonly AnswersFeed _answers;
    private readonly TimeProvider _time;
    private readonly ILogger<ChatSession> _logger;
    private readonly Conversation _conversation = new();
    private readonly CancellationTokenSource _disposed = new();
    private int _restored;

    public ChatSession(IngestClient ingest, ResultWatcher watcher, AnswersFeed answers, TimeProvider time, ILogger<ChatSession> logger)
    {
        _ingest = ingest;
        _watcher = watcher;
        _answers = answers;
        _time = time;
        _logger = logger;
        _answers.AnswerChanged += OnAnswerChanged;
    }

    /// <summary>
    /// Raised after the conversation changed, on whichever thread changed it: handlers must be quick
    /// and must not touch UI state directly.
    /// </summary>
    public event Action? Changed;

    /// <summary>The conversation, oldest first.</summary>
    public IReadOnlyList<ChatEntry> Entries => _conversation.Entries;

    /// <summary>The model the person picked last; null for Ingest's default.</summary>
    public string? Model { get; set; }

    /// <summary>Whether <see cref="Restore"/> ran: until then a send could be overwritten by the saved conversation.</summary>
    public bool IsRestored => Volatile.Read(ref _restored) == 1;

    /// <summary>
    /// Takes over what the tab saved (null when nothing), once per circuit, and goes on waiting for
    /// the results still to come.
    /// </summary>
    public void Restore(SavedConversation? saved)
    {
        if (Interlocked.Exchange(ref _restored, 1) == 1)
        {
            return;
        }

        Model = saved?.Model;
        foreach (var id in _conversation.Restore(saved?.Entries ?? []))
        {
            _ = FollowAsync(id, _watcher.Start());
        }

        RaiseChanged();
    }

    /// <summary>What the tab should save.</summary>
    public SavedConversation Save() => new(Model, Entries);

    /// <summary>
    /// Sends <paramref name="message"/> to <paramref name="model"/> (null: Ingest's default): the entry
    /// shows at once, and true once Ingest accepted it, or could not confirm it but may process it (the
    /// entry says so); false when it failed, the error then in the entry. The answer is followed in the
    /// background.
    /// </summary>
    public async Task<bool> SendAsync(string message, string? model)
    {
        ArgumentNullException.ThrowIfNull(message);

        var entry = _conversation.Send(message, model, _time.GetUtcNow());
        RaiseChanged();

        // Watch before posting: the result can come back before Ingest's answer does.
        var watch = _watcher.Start();
        string error;
        try
        {
            var id = await _ingest.SubmitAsync(message, model, _disposed.Token).ConfigureAwait(false);
            _conversation.Accept(entry.Key, id);
            RaiseChanged();
            _ = FollowAsync(id, watch);
            return true;
        }
        catch (SubmissionUnconfirmedException unconfirmed)
        {
            // Sending it again could have it answered twice: wait for the answer it may still get.
            _conversation.Accept(entry.Key, unconfirmed.Id, unconfirmed.Message);
            RaiseChanged();
            _ = FollowAsync(unconfirmed.Id, watch);
            return true;
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            watch.Dispose();
            return false;
        }
        catch (ServiceProblemException problem)
        {
            error = problem.Message;
        }
        catch (Exception exception)
        {
            LogSendFailed(_logger, exception);
            error = $"Ingest could not be reached: {exception.Message}";
        }

        watch.Dispose();
        _conversation.Fail(entry.Key, error);
        RaiseChanged();
        return false;
    }

    public void Dispose()
    {
        _answers.AnswerChanged -= OnAnswerChanged;
        _disposed.Cancel();
        _disposed.Dispose();
    }

    /// <summary>Shows what already arrived of the answer for <paramref name="id"/>, then waits for its result.</summary>
    private async Task FollowAsync(Guid id, ResultWatch watch)
    {
        using (watch)
        {
            try
            {
                // Pieces that came before the id was known are only in the feed's store.
                if (_answers.Find(id) is { } draft && _conversation.Stream(draft))
                {
                    RaiseChanged();
                }

                var result = await watch.WaitForAsync(id, _disposed.Token).ConfigureAwait(false);
                if (_conversation.Complete(result))
                {
                    RaiseChanged();
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
            {
                // The circuit ended.
            }
            catch (Exception exception)
            {
                LogFollowFailed(_logger, id, exception);
            }
        }
    }

    private void OnAnswerChanged(AnswerDraft draft)
    {
        if (_conversation.Stream(draft))
        {
            RaiseChanged();
        }
    }

    private void RaiseChanged() => Changed?.Invoke();

    [LoggerMessage(1, LogLevel.Warning, "Sending a chat message to Ingest failed.")]
    private static partial void LogSendFailed(ILogger logger, Exception exception);

    [LoggerMessage(2, LogLevel.Error, "Following the answer to {Id} failed.")]
    private static partial void LogFollowFailed(ILogger logger, Guid id, Exception exception);
}
