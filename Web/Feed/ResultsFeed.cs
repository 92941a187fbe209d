using AiMesh.Contracts;
using AiMesh.Web.Clients;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.ServiceDiscovery;

namespace AiMesh.Web.Feed;

/// <summary>
/// The latest results for the whole process, from Results' <c>/ws/results</c>, kept in a
/// <see cref="ResultStore"/>. Pages read <see cref="Latest"/> and subscribe to
/// <see cref="ResultReceived"/> and <see cref="ResultsSocketFeed{TMessage}.StatusChanged"/>.
/// </summary>
/// <remarks>
/// After every (re)connect the latest results are also fetched over HTTP, filling whatever was missed
/// while disconnected; the store drops what arrives twice.
/// </remarks>
public sealed partial class ResultsFeed : ResultsSocketFeed<InferenceResult>
{
    private readonly ResultStore _store;
    private readonly IServiceScopeFactory _scopes;
    private readonly ResultsFeedOptions _options;
    private readonly ILogger<ResultsFeed> _logger;

    public ResultsFeed(
        ServiceEndpointResolver resolver,
        IServiceScopeFactory scopes,
        IOptions<ResultsFeedOptions> options,
        ILogger<ResultsFeed> logger)
        : base(new ResultsSocketAddress(resolver, options.Value.WebSocketPath), ContractsJsonContext.Default.InferenceResult, options.Value, logger)
    {
        _store = new ResultStore(options.Value.Capacity);
        _scopes = scopes;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>
    /// Raised once for each result the store took (never for one it already held), on the feed's
    /// threads (the WebSocket and the gap fill may raise it at the same time): handlers must be quick,
    /// thread-safe, and must not touch UI state directly.
    /// </summary>
    public event Action<InferenceResult>? ResultReceived;

    /// <summary>How many handlers <see cref="ResultReceived"/> has: a page that forgot to unsubscribe shows here.</summary>
    internal int ResultSubscribers => ResultReceived?.GetInvocationList().Length ?? 0;

    /// <summary>The latest results, newest first.</summary>
    public IReadOnlyList<InferenceResult> Latest => _store.Latest();

    /// <summary>The result for <paramref name="id"/>, if it is among the latest.</summary>
    public InferenceResult? Find(Guid id) => _store.Find(id);

    /// <summary>Takes results in, wherever they came from, and tells subscribers about the new ones.</summary>
    internal void Accept(IEnumerable<InferenceResult> results)
    {
        foreach (var result in results)
        {
            if (_store.Add(result))
            {
                Raise(ResultReceived, result);
            }
        }
    }

    protected override void OnMessage(InferenceResult message) => Accept([message]);

    /// <summary>Fills the gap the disconnection may have left, from Results' HTTP API.</summary>
    protected override async Task OnConnectedAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var scope = _scopes.CreateScope();
            var results = scope.ServiceProvider.GetRequiredService<ResultsClient>();
            var latest = await results.GetLatestAsync(_options.Capacity, stoppingToken).ConfigureAwait(false);
            Accept(latest);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // Live results still arrive; only the gap stays open until the next reconnect.
            LogGapFillFailed(_logger, exception.Message, exception);
        }
    }

    [LoggerMessage(5, LogLevel.Warning, "Could not fetch the latest results after connecting ({Reason}); some may be missing until the next reconnect.")]
    private static partial void LogGapFillFailed(ILogger logger, string reason, Exception exception);
}
