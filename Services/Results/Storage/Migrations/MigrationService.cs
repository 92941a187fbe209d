using AiMesh.ServiceDefaults.Resilience;
using Microsoft.Extensions.Options;

namespace AiMesh.Results.Storage.Migrations;

/// <summary>
/// Runs the <see cref="DatabaseMigrator"/> once at startup, retrying with capped backoff while the
/// database is unreachable instead of crashing (a crash would only loop on the same missing database).
/// The service stays up meanwhile, with <c>/health</c> saying what it waits for.
/// </summary>
/// <remarks>
/// The first attempt runs in <see cref="StartAsync"/>, before the host starts Kestrel, as eShop applies
/// its migrations. Otherwise the AppHost's first health probe could meet the few milliseconds of a
/// normal migration, and the unhealthy answer is logged as an error: a red count in the dashboard
/// after a start that went well. Only when that attempt fails does the service listen while it retries,
/// and then the error is real.
/// </remarks>
internal sealed partial class MigrationService(
    DatabaseMigrator migrator,
    MigrationState state,
    IOptions<ResultsOptions> options,
    ILogger<MigrationService> logger) : BackgroundService
{
    private readonly ExponentialBackoff _backoff = new(options.Value.DatabaseRetryDelay, options.Value.DatabaseRetryMaxDelay);

    private TimeSpan? _retryDelay;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _retryDelay = await TryMigrateAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (_retryDelay is { } delay)
        {
            await Task.Delay(delay, stoppingToken);
            _retryDelay = await TryMigrateAsync(stoppingToken);
        }
    }

    /// <summary>Returns how long to wait before the next attempt, or null once the schema is current.</summary>
    private async Task<TimeSpan?> TryMigrateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await migrator.MigrateAsync(cancellationToken);
            state.MarkCompleted();
            return null;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            state.MarkFailed(exception);
            var delay = _backoff.NextDelay();
            // The stack trace once; after that the reason is enough.
            LogMigrationFailed(logger, _backoff.Failures, delay.TotalSeconds, exception.Message, _backoff.Failures == 1 ? exception : null);
            return delay;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not migrate the database (attempt {Attempt}); retrying in {DelaySeconds:0.00} s: {Reason}")]
    private static partial void LogMigrationFailed(ILogger logger, int attempt, double delaySeconds, string reason, Exception? exception);
}
