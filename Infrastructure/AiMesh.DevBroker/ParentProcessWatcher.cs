using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AiMesh.DevBroker;

/// <summary>
/// Stops the broker once its launcher is gone. A launcher killed with SIGKILL cannot stop its
/// children, and a broker left behind would keep serving stale ports to nobody.
/// </summary>
internal sealed partial class ParentProcessWatcher(
    ParentProcess parent,
    IHostApplicationLifetime lifetime,
    ILogger<ParentProcessWatcher> logger,
    TimeProvider timeProvider) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogWatching(logger, parent.Pid);
        using var timer = new PeriodicTimer(PollInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (parent.HasExited())
                {
                    LogParentExited(logger, parent.Pid);
                    lifetime.StopApplication();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping for another reason; nothing left to watch.
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Watching parent process {Pid}; the broker stops when it exits")]
    private static partial void LogWatching(ILogger logger, int pid);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Parent process {Pid} has exited; stopping the broker")]
    private static partial void LogParentExited(ILogger logger, int pid);
}
