using System.Collections.Concurrent;
using System.Text;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace AiMesh.Tests;

/// <summary>
/// The last lines each replica of a running application wrote (its console, as the dashboard shows
/// it), kept from the moment the replica appears, so that a whole-app test that fails can say what
/// the services said. A restarted replica keeps its resource id, so its lines run on across the
/// restart. Linked into the end-to-end tests and the pipeline benchmark.
/// </summary>
internal sealed class ResourceLogTail : IAsyncDisposable
{
    private readonly ResourceLoggerService _logs;
    private readonly int _linesPerReplica;
    private readonly ConcurrentDictionary<string, Queue<string>> _tails = new();
    private readonly ConcurrentBag<Task> _follows = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watch;

    public ResourceLogTail(DistributedApplication app, int linesPerReplica)
    {
        _logs = app.Services.GetRequiredService<ResourceLoggerService>();
        _linesPerReplica = linesPerReplica;
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        _watch = Task.Run(async () =>
        {
            try
            {
                await foreach (var resourceEvent in notifications.WatchAsync(_stop.Token))
                {
                    if (resourceEvent.Resource is not ParameterResource)
                    {
                        Follow(resourceEvent.ResourceId);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    /// <summary>Each replica's kept lines under its resource id, replicas in id order.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        foreach (var (replica, tail) in _tails.OrderBy(entry => entry.Key, StringComparer.Ordinal))
        {
            string[] lines;
            lock (tail)
            {
                lines = [.. tail];
            }

            if (lines.Length == 0)
            {
                continue;
            }

            text.AppendLine($"--- {replica}: its last {lines.Length} lines ---");
            foreach (var line in lines)
            {
                text.AppendLine(line);
            }
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watch;
        await Task.WhenAll(_follows);
        _stop.Dispose();
    }

    private void Follow(string replica)
    {
        var tail = new Queue<string>(_linesPerReplica);
        if (!_tails.TryAdd(replica, tail))
        {
            return;
        }

        _follows.Add(Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in _logs.WatchAsync(replica).WithCancellation(_stop.Token))
                {
                    lock (tail)
                    {
                        foreach (var line in batch)
                        {
                            if (tail.Count == _linesPerReplica)
                            {
                                tail.Dequeue();
                            }

                            tail.Enqueue(line.IsErrorMessage ? $"[stderr] {line.Content}" : line.Content);
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }));
    }
}
