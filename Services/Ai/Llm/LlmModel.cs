using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using AiMesh.Contracts;
using Microsoft.Extensions.AI;

namespace AiMesh.Ai.Llm;

/// <summary>
/// One named LLM model: its provider model and fallbacks, its task and limits. An answer streams as
/// <see cref="AnswerEvent"/>s. Until the first token arrives a failing provider model is passed over
/// for the next fallback; one that said Retry-After is skipped until then. After the first token the
/// answer is that provider model's, and a failure ends it with an error event.
/// </summary>
internal sealed partial class LlmModel(
    string name,
    LlmModelOptions options,
    LlmChatClients clients,
    LlmEndpointProbe endpoint,
    TimeProvider timeProvider,
    ILogger<LlmModel> logger)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _coolingDownUntil = new(StringComparer.Ordinal);
    private volatile string? _lastFailure;

    public string Name { get; } = name;

    public LlmModelOptions Options { get; } = options;

    public string Description => Options.Description ?? $"An LLM ({Options.ProviderModel}) on an OpenAI-compatible endpoint: {Options.Instructions}";

    /// <summary>The provider models tried for each text, in order.</summary>
    public IReadOnlyList<string> ProviderModels => [Options.ProviderModel, .. Options.Fallbacks];

    /// <summary>Why no answer can come now, or null when one can.</summary>
    public string? UnavailableReason => clients.HasKey
        ? endpoint.NotAnswering
        : "No API key is configured: set the AppHost's llm-api-key parameter (Ai:Llm:ApiKey).";

    /// <summary>The last provider failure, for <c>GET /api/models</c>; null while the last call went well.</summary>
    public string? LastFailure => _lastFailure;

    /// <summary>Answers <paramref name="text"/>, as it arrives.</summary>
    /// <exception cref="LlmUnavailableException">No provider model could start answering.</exception>
    /// <exception cref="LlmRejectedException">The provider refused the request for good.</exception>
    public async IAsyncEnumerable<AnswerEvent> StreamAsync(string text, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (UnavailableReason is { } reason)
        {
            throw new LlmUnavailableException(reason);
        }

        var started = timeProvider.GetTimestamp();
        var failures = new List<string>();
        TimeSpan? retryAfter = null;
        foreach (var providerModel in ProviderModels)
        {
            if (_coolingDownUntil.TryGetValue(providerModel, out var until) && until > timeProvider.GetUtcNow())
            {
                failures.Add($"{providerModel} asked to wait until {until:HH:mm:ss}");
                retryAfter = Shorter(retryAfter, until - timeProvider.GetUtcNow());
                continue;
            }

            using var timeout = new CancellationTokenSource(Options.Timeout, timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            var updates = clients.For(providerModel)
                .GetStreamingResponseAsync(Messages(text), ChatOptions(), linked.Token)
                .GetAsyncEnumerator(linked.Token);
            try
            {
                var (hasFirst, failure) = await NextAsync(updates, timeout, cancellationToken);
                if (failure is { } first)
                {
                    if (first.IsPermanent)
                    {
                        Remember(providerModel, first);
                        throw new LlmRejectedException(first.Status ?? 400, $"{providerModel} {first.Reason}");
                    }

                    Remember(providerModel, first);
                    failures.Add($"{providerModel} {first.Reason}");
                    retryAfter = first.RetryAfter is { } wait ? Shorter(retryAfter, wait) : retryAfter;
                    continue;
                }

                // Started: from here the answer is this provider model's.
                endpoint.Answered();
                var answer = new System.Text.StringBuilder();
                string? finishReason = null;
                long? inputTokens = null, outputTokens = null;
                for (var more = hasFirst; more;)
                {
                    var update = updates.Current;
                    finishReason = update.FinishReason?.Value ?? finishReason;
                    foreach (var usage in update.Contents.OfType<UsageContent>())
                    {
                        inputTokens = usage.Details.InputTokenCount ?? inputTokens;
                        outputTokens = usage.Details.OutputTokenCount ?? outputTokens;
                    }

                    if (!string.IsNullOrEmpty(update.Text))
                    {
                        answer.Append(update.Text);
                        yield return AnswerEvent.Delta(update.Text);
                    }

                    (more, failure) = await NextAsync(updates, timeout, cancellationToken);
                    if (failure is { } broken)
                    {
                        Remember(providerModel, broken);
                        yield return AnswerEvent.Failed($"{providerModel} {broken.Reason} after {answer.Length} characters of its answer.");
                        yield break;
                    }
                }

                _lastFailure = null;
                yield return new AnswerEvent(
                    AnswerEvent.DoneType,
                    answer.ToString(),
                    Name,
                    providerModel,
                    finishReason,
                    inputTokens,
                    outputTokens,
                    timeProvider.GetElapsedTime(started).TotalMilliseconds);
                yield break;
            }
            finally
            {
                await updates.DisposeAsync();
            }
        }

        throw new LlmUnavailableException(
            $"No provider model of '{Name}' could answer: {string.Join("; ", failures)}.", retryAfter);
    }

    private IEnumerable<ChatMessage> Messages(string text) =>
    [
        new(ChatRole.System, Options.Instructions),
        new(ChatRole.User, text),
    ];

    private ChatOptions ChatOptions() => new() { MaxOutputTokens = Options.MaxOutputTokens };

    /// <summary>Moves to the next update, turning a provider failure into a value (an iterator cannot catch around a yield).</summary>
    private static async Task<(bool HasNext, ProviderFailure? Failure)> NextAsync(
        IAsyncEnumerator<ChatResponseUpdate> updates, CancellationTokenSource timeout, CancellationToken cancellationToken)
    {
        try
        {
            return (await updates.MoveNextAsync(), null);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested
            && ProviderFailure.From(exception, timedOut: timeout.IsCancellationRequested) is { } failure)
        {
            return (false, failure);
        }
    }

    private void Remember(string providerModel, ProviderFailure failure)
    {
        _lastFailure = $"{timeProvider.GetUtcNow():u} {providerModel} {failure.Reason}";
        if (failure.RetryAfter is { } wait && wait > TimeSpan.Zero)
        {
            _coolingDownUntil[providerModel] = timeProvider.GetUtcNow() + wait;
        }

        LogProviderFailed(logger, Name, providerModel, failure.Status, failure.Reason);
    }

    private static TimeSpan? Shorter(TimeSpan? current, TimeSpan candidate) =>
        current is { } known && known <= candidate ? known : candidate;

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM model {Model}: provider model {ProviderModel} failed (status {Status}): {Reason}")]
    private static partial void LogProviderFailed(ILogger logger, string model, string providerModel, int? status, string reason);
}
