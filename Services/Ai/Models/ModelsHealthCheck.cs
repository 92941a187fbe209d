using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AiMesh.Ai.Models;

/// <summary>Unhealthy until every model that loads in the background (<see cref="ILoadableModel"/>) has loaded.</summary>
internal sealed class ModelsHealthCheck(IEnumerable<IInferenceModel> models) : IHealthCheck
{
    public const string Name = "models";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var loading = models.Where(model => model is ILoadableModel { IsLoaded: false }).Select(model => model.Name).ToList();
        return Task.FromResult(loading.Count == 0
            ? HealthCheckResult.Healthy("Every model is loaded.")
            : HealthCheckResult.Unhealthy($"Still loading: {string.Join(", ", loading)}."));
    }
}
