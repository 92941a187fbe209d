using System.Text.Json;
using Microsoft.JSInterop;

namespace AiMesh.Web.Chat;

/// <summary>
/// Keeps the chat in the tab's <c>sessionStorage</c> (wwwroot/conversation-storage.js), so it survives a
/// reload and ends with the tab. Only usable once the page is interactive.
/// </summary>
/// <remarks>
/// Plain sessionStorage rather than ProtectedSessionStorage: the conversation is the person's own
/// text, and unencrypted it still reads after Web restarts with a new data-protection key ring. It is
/// read back as a stream because a JS result travels in one SignalR message, which the circuit caps
/// at 32 KB; a few LLM answers are more than that.
/// </remarks>
public sealed partial class ConversationStorage(IJSRuntime js, ILogger<ConversationStorage> logger) : IAsyncDisposable
{
    private const string StorageKey = "aimesh.chat";

    // sessionStorage holds about 5 MB per origin; more than this is not a conversation this page wrote.
    private const long MaxBytes = 4 * 1024 * 1024;

    private IJSObjectReference? _module;

    /// <summary>The saved conversation; null when there is none or it cannot be read.</summary>
    public async Task<SavedConversation?> LoadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var module = await GetModuleAsync(cancellationToken).ConfigureAwait(false);
            await using var data = await module.InvokeAsync<IJSStreamReference>("load", cancellationToken, StorageKey).ConfigureAwait(false);
            if (data.Length == 0)
            {
                return null;
            }

            await using var stream = await data.OpenReadStreamAsync(MaxBytes, cancellationToken).ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync(stream, ChatJsonContext.Default.SavedConversation, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException exception)
        {
            // Written by another version of this page, or edited by hand: start afresh.
            LogUnreadable(logger, exception.Message);
            return null;
        }
        catch (Exception exception) when (IsStorageUnavailable(exception))
        {
            return null;
        }
    }

    /// <summary>Saves <paramref name="conversation"/>; a failure (storage full, tab gone) is logged and otherwise ignored.</summary>
    public async Task SaveAsync(SavedConversation conversation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);

        try
        {
            var module = await GetModuleAsync(cancellationToken).ConfigureAwait(false);
            var json = JsonSerializer.Serialize(conversation, ChatJsonContext.Default.SavedConversation);
            await module.InvokeVoidAsync("save", cancellationToken, StorageKey, json).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsStorageUnavailable(exception))
        {
            LogNotSaved(logger, exception.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is null)
        {
            return;
        }

        try
        {
            await _module.DisposeAsync().ConfigureAwait(false);
        }
        catch (JSDisconnectedException)
        {
            // The tab is gone, and the module with it.
        }
    }

    private async ValueTask<IJSObjectReference> GetModuleAsync(CancellationToken cancellationToken) =>
        _module ??= await js.InvokeAsync<IJSObjectReference>("import", cancellationToken, "./conversation-storage.js").ConfigureAwait(false);

    /// <summary>
    /// The tab is gone or not reachable yet (prerendering), storage is full or off, or the call timed
    /// out: the chat goes on without saving.
    /// </summary>
    private static bool IsStorageUnavailable(Exception exception) =>
        exception is JSException or JSDisconnectedException or OperationCanceledException or InvalidOperationException;

    [LoggerMessage(1, LogLevel.Warning, "The chat saved in the tab could not be read ({Reason}); starting afresh.")]
    private static partial void LogUnreadable(ILogger logger, string reason);

    [LoggerMessage(2, LogLevel.Debug, "The chat could not be saved in the tab: {Reason}")]
    private static partial void LogNotSaved(ILogger logger, string reason);
}
