using AiMesh.Ingest.Messaging;
using AiMesh.Ingest.Telemetry;
using Microsoft.Extensions.Options;

namespace AiMesh.Ingest.Backpressure;

/// <summary>
/// Reads the pipeline's lag every <see cref="BackpressureOptions.CheckInterval"/> and hands each reading, or
/// why there was none, to <see cref="PipelineBackpressure"/>. While the producer cannot reach Kafka it asks
/// nothing: a text is refused with 503 then anyway, and the requests would only wait out their timeout.
/// </summary>
internal sealed partial class PipelineLagMonitor(
    PipelineLagReader reader,
    PipelineBackpressure backpressure,
    KafkaAvailability availability,
    IngestMetrics metrics,
    IOptions<BackpressureOptions> options,
    TimeProvider time,
    ILogger<PipelineLagMonitor> logger) : BackgroundService
{
    private readonly IReadOnlyList<PipelineStage> _stages = PipelineStage.All(options.Value);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The gauges read the state this monitor keeps; they exist from now on, not from the first text.
        metrics.ObservePipelineLag(backpressure);
        LogWatching(logger, string.Join(", ", _stages.Select(stage => $"{stage.Group} on {stage.Topic}")), options.Value.CheckInterval);

        using var timer = new PeriodicTimer(options.Value.CheckInterval, time);
        do
        {
            // Not cancelled by stoppingToken: a reading ends within its request timeout, and one left running
            // could outlive the client whose connections it uses.
            await CheckOnceAsync().ConfigureAwait(false);
        }
        while (await NextTickAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private async Task CheckOnceAsync()
    {
        var kafka = availability.Current;
        if (kafka.Reachability != KafkaReachability.Reachable)
        {
            backpressure.OnUnreadable($"Kafka is not reachable: {kafka.Description}", reportedElsewhere: true);
            return;
        }

        try
        {
            backpressure.OnRead(await reader.ReadAsync(_stages).ConfigureAwait(false));
        }
        catch (PipelineLagUnreadableException exception)
        {
            backpressure.OnUnreadable(exception.Message, reportedElsewhere: false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Ending here would stop the whole service: reading again at the next tick is the lesser harm.
            LogReadFailed(logger, exception);
            backpressure.OnUnreadable($"Reading the lag failed unexpectedly: {exception.Message}", reportedElsewhere: true);
        }
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    [LoggerMessage(1, LogLevel.Debug, "Reading the pipeline's lag ({Stages}) every {Interval}.")]
    private static partial void LogWatching(ILogger logger, string stages, TimeSpan interval);

    [LoggerMessage(2, LogLevel.Warning, "Reading the pipeline's lag failed unexpectedly; reading it again at the next check.")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);
}
