using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiMesh.AppHost.Hosting.Restarts;

/// <summary>
/// Restarts a replica, executable or container that exited when nobody asked it to, with a backoff
/// that resets after a long enough run. DCP does not do this itself: an exited process stays
/// Finished until someone presses Start. This watches Aspire's resource states and uses the same
/// restart command as the dashboard, so Aspire stays the only orchestrator.
/// </summary>
internal sealed partial class RestartPolicy(
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    ResourceLoggerService resourceLogs,
    IHostApplicationLifetime lifetime,
    IOptions<RestartPolicyOptions> options,
    ILogger<RestartPolicy> logger) : BackgroundService
{
    internal const string RestartsProperty = "aimesh.restarts";

    private static readonly HashSet<string> s_exitedStates =
        [KnownResourceStates.Finished, KnownResourceStates.Exited, KnownResourceStates.FailedToStart];

    private readonly RestartPolicyOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, ReplicaRestartState> _replicas = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var resourceEvent in notifications.WatchAsync(stoppingToken).ConfigureAwait(false))
            {
                if (resourceEvent.Resource is ProjectResource or ExecutableResource or ContainerResource)
                {
                    Observe(resourceEvent, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Observe(ResourceEvent resourceEvent, CancellationToken stoppingToken)
    {
        var replica = _replicas.GetOrAdd(resourceEvent.ResourceId, _ => new ReplicaRestartState(_options.LogLinesOnGivingUp));
        var state = resourceEvent.Snapshot.State?.Text;
        if (!replica.LogWatchStarted)
        {
            replica.LogWatchStarted = true;
            _ = RememberLogLinesAsync(resourceEvent.ResourceId, replica, stoppingToken);
        }

        if (state is null || state == replica.State)
        {
            return;
        }

        var previous = replica.State;
        replica.State = state;

        if (state == KnownResourceStates.Running)
        {
            replica.RunningSince = DateTimeOffset.UtcNow;
            replica.StopRequested = false;
        }
        else if (state == KnownResourceStates.Stopping)
        {
            replica.StopRequested = true;
        }
        else if (s_exitedStates.Contains(state) && previous is not null && !s_exitedStates.Contains(previous))
        {
            OnExited(resourceEvent, replica, stoppingToken);
        }
    }

    private void OnExited(ResourceEvent resourceEvent, ReplicaRestartState replica, CancellationToken stoppingToken)
    {
        if (replica.StopRequested || replica.RestartPending || replica.GaveUp || lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return;
        }

        var ranFor = DateTimeOffset.UtcNow - (replica.RunningSince ?? DateTimeOffset.UtcNow);
        replica.FailuresInARow = ranFor >= _options.ResetAfter ? 1 : replica.FailuresInARow + 1;
        replica.RunningSince = null;

        if (replica.FailuresInARow > _options.MaxFailuresInARow)
        {
            replica.GaveUp = true;
            _ = GiveUpAsync(resourceEvent, replica);
            return;
        }

        replica.RestartPending = true;
        _ = RestartAfterBackoffAsync(resourceEvent, replica, _options.BackoffAfter(replica.FailuresInARow), stoppingToken);
    }

    private async Task RestartAfterBackoffAsync(ResourceEvent resourceEvent, ReplicaRestartState replica, TimeSpan backoff, CancellationToken stoppingToken)
    {
        var resourceId = resourceEvent.ResourceId;
        try
        {
            LogRestarting(resourceId, resourceEvent.Snapshot.ExitCode, backoff.TotalSeconds, replica.FailuresInARow);
            await Task.Delay(backoff, stoppingToken).ConfigureAwait(false);
            if (lifetime.ApplicationStopping.IsCancellationRequested || replica.StopRequested)
            {
                return;
            }

            replica.Restarts++;
            var result = await commands.ExecuteCommandAsync(resourceId, KnownResourceCommands.StartCommand, stoppingToken).ConfigureAwait(false);
            if (!result.Success)
            {
                LogRestartRefused(resourceId, result.Message);
                return;
            }

            await notifications.PublishUpdateAsync(resourceEvent.Resource, resourceId, snapshot => snapshot with
            {
                Properties = snapshot.Properties.With(RestartsProperty, replica.Restarts.ToString(CultureInfo.InvariantCulture)),
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogRestartFailed(ex, resourceId);
        }
        finally
        {
            replica.RestartPending = false;
        }
    }

    private async Task GiveUpAsync(ResourceEvent resourceEvent, ReplicaRestartState replica)
    {
        var resourceId = resourceEvent.ResourceId;
        var lastLines = replica.LastLogLines();
        LogGivingUp(resourceId, replica.FailuresInARow - 1);

        // The reason goes where a person looks for it: this resource's own console log in the dashboard.
        var resourceLogger = resourceLogs.GetLogger(resourceId);
        resourceLogger.LogError(
            "AppHost: exited {Failures} times in a row without running {ResetAfter} s; not restarting again. Its last {Count} log lines were:",
            replica.FailuresInARow - 1, _options.ResetAfter.TotalSeconds, lastLines.Count);
        foreach (var line in lastLines)
        {
            resourceLogger.LogError("  {Line}", line);
        }

        await notifications.PublishUpdateAsync(resourceEvent.Resource, resourceId, snapshot => snapshot with
        {
            State = new ResourceStateSnapshot(KnownResourceStates.FailedToStart, KnownResourceStateStyles.Error),
            Properties = snapshot.Properties.With("aimesh.restart.gave-up", string.Join('\n', lastLines)),
        }).ConfigureAwait(false);
    }

    private async Task RememberLogLinesAsync(string resourceId, ReplicaRestartState replica, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var batch in resourceLogs.WatchAsync(resourceId).WithCancellation(stoppingToken).ConfigureAwait(false))
            {
                foreach (var line in batch)
                {
                    replica.RememberLogLine(line.Content);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{ResourceId} exited (code {ExitCode}) without being asked to; restarting it in {Seconds} s (failure {Failures} in a row).")]
    private partial void LogRestarting(string resourceId, int? exitCode, double seconds, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Restarting {ResourceId} was refused: {Reason}")]
    private partial void LogRestartRefused(string resourceId, string? reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Restarting {ResourceId} failed.")]
    private partial void LogRestartFailed(Exception exception, string resourceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "{ResourceId} exited {Failures} times in a row soon after starting; marked failed and no longer restarted.")]
    private partial void LogGivingUp(string resourceId, int failures);
}
