using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using AiMesh.Contracts;

namespace AiMesh.Benchmarks.Load;

/// <summary>
/// One result as the benchmark saw it: when it arrived (a <see cref="Stopwatch"/> timestamp), whether
/// the cache answered it, and how its time split between Ingest's acceptance and Inference's answer
/// and from that answer to the WebSocket (wall clocks of one machine, so comparable).
/// </summary>
internal readonly record struct Arrival(long Timestamp, bool Cached, TimeSpan ToInference, TimeSpan AfterInference);

/// <summary>
/// A client of the Results service's <c>/ws/results</c> that notes when each result arrives. It only
/// timestamps and parses: Results drops a client that falls a few hundred messages behind.
/// </summary>
internal sealed class ResultsFeed : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Guid, Arrival> _arrivals = new();
    private Task _receiving = Task.CompletedTask;

    private ResultsFeed()
    {
    }

    public IReadOnlyDictionary<Guid, Arrival> Arrivals => _arrivals;

    /// <summary>Why the feed stopped early (the server closed it or the connection broke), or null while it runs.</summary>
    public string? Failure { get; private set; }

    public static async Task<ResultsFeed> ConnectAsync(Uri resultsEndpoint)
    {
        var feed = new ResultsFeed();
        var uri = new UriBuilder(resultsEndpoint) { Scheme = "ws", Path = "/ws/results" }.Uri;
        await feed._socket.ConnectAsync(uri, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        feed._receiving = feed.ReceiveAsync();
        return feed;
    }

    /// <summary>Waits until every id arrived, the timeout passed or the feed broke; returns how many are missing.</summary>
    public async Task<int> WaitForAsync(IReadOnlyCollection<Guid> ids, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Failure is null && Stopwatch.GetTimestamp() < deadline && !ids.All(_arrivals.ContainsKey))
        {
            await Task.Delay(50);
        }

        return ids.Count(id => !_arrivals.ContainsKey(id));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _receiving;
        }
        catch (OperationCanceledException)
        {
        }

        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var frame = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (frame.MessageType == WebSocketMessageType.Close)
                {
                    Failure = $"Results closed the WebSocket ({_socket.CloseStatus} {_socket.CloseStatusDescription}).";
                    return;
                }

                message.Write(buffer, 0, frame.Count);
                if (frame.EndOfMessage)
                {
                    var arrived = Stopwatch.GetTimestamp();
                    var arrivedAt = DateTimeOffset.UtcNow;
                    var result = JsonSerializer.Deserialize(message.GetBuffer().AsSpan(0, (int)message.Length), ContractsJsonContext.Default.InferenceResult)!;
                    _arrivals.TryAdd(result.Id, new Arrival(arrived, result.Cached, result.CompletedAt - result.AcceptedAt, arrivedAt - result.CompletedAt));
                    message.SetLength(0);
                }
            }
        }
        catch (WebSocketException ex)
        {
            Failure = $"The results WebSocket broke: {ex.Message}";
        }
    }
}
