using AiMesh.ServiceDefaults.Resilience;
using Microsoft.Extensions.Options;

namespace AiMesh.Results.Storage.Migrations;

/// <summary>
/// Runs the <see cref="DatabaseMigrator"/> once at startup, retrying with capped backoff while the
/// database is unreachable instead of crashing (a crash would only loop on the same missing database).
/// The service stays up meanwhile, with <c>/health</c> saying what it waits for.
/// </summary>
internal sealed partial class MigrationService(
    DatabaseMigrator migrator,
    MigrationState state,
    IOptions<ResultsOptions> options,
    ILogger<MigrationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new ExponentialBackoff(options.Value.DatabaseRetryDelay, options.Value.DatabaseRetryMaxDelay);
        while (true)
        {
            try
            {
                await migrator.MigrateAsync(stoppingToken);
                state.MarkCompleted();
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                state.MarkFailed(exception);
                var delay = backoff.NextDelay();
                // The stack trace once; after that the reason is enough.
                LogMigrationFailed(logger, backoff.Failures, delay.TotalSeconds, exception.Message, backoff.Failures == 1 ? exception : null);
                await Task.Delay(delay, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not migrate the database (attempt {Attempt}); retrying in {DelaySeconds:0.00} s: {Reason}")]
    private static partial void LogMigrationFailed(ILogger logger, int attempt, double delaySeconds, string reason, Exception? exception);
}
