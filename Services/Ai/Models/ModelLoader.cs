namespace AiMesh.Ai.Models;

/// <summary>
/// Loads every <see cref="ILoadableModel"/> once the service has started, one after another, without
/// holding up start-up: the health check reports them loading meanwhile.
/// </summary>
internal sealed partial class ModelLoader(IEnumerable<IInferenceModel> models, ILogger<ModelLoader> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var model in models)
        {
            if (model is not ILoadableModel loadable)
            {
                continue;
            }

            var started = TimeProvider.System.GetTimestamp();
            try
            {
                await Task.Run(() => loadable.LoadAsync(stoppingToken), stoppingToken).ConfigureAwait(false);
                LogLoaded(logger, model.Name, model.Version, TimeProvider.System.GetElapsedTime(started).TotalSeconds);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The replica stays Unhealthy and says why; a restart may load it.
                LogLoadFailed(logger, model.Name, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} {Version} loaded in {Seconds:0.00} s.")]
    private static partial void LogLoaded(ILogger logger, string model, string version, double seconds);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Model {Model} could not be loaded; this replica stays Unhealthy.")]
    private static partial void LogLoadFailed(ILogger logger, string model, Exception exception);
}
