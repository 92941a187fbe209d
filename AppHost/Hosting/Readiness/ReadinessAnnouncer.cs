using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AiMesh.AppHost.Hosting.Readiness;

/// <summary>
/// Says once, on the console, when every resource is healthy, and where to go: the external
/// endpoints (web, ingest) and the dashboard. Scripts and tests wait for <see cref="ReadyLine"/>.
/// </summary>
internal sealed partial class ReadinessAnnouncer(
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    IConfiguration configuration,
    ILogger<ReadinessAnnouncer> logger) : BackgroundService
{
    public const string ReadyLine = "AiMesh is ready.";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var resources = model.Resources.Where(resource => resource is not ParameterResource && !resource.IsExcludedFromPublish()).ToList();
            await Task.WhenAll(resources.Select(resource => notifications.WaitForResourceHealthyAsync(resource.Name, stoppingToken))).ConfigureAwait(false);

            var message = new StringBuilder(ReadyLine);
            foreach (var endpoint in resources.SelectMany(ExternalHttpEndpoints))
            {
                message.Append(System.Globalization.CultureInfo.InvariantCulture, $"\n  Open {endpoint.Resource}: {endpoint.Url}");
            }

            if (configuration["ASPNETCORE_URLS"]?.Split(';')[0] is { Length: > 0 } dashboard)
            {
                message.Append(System.Globalization.CultureInfo.InvariantCulture, $"\n  Dashboard: {dashboard} (use the login link printed above)");
            }

            LogReady(message.ToString());
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static IEnumerable<(string Resource, string Url)> ExternalHttpEndpoints(IResource resource) =>
        resource.Annotations.OfType<EndpointAnnotation>()
            .Where(endpoint => endpoint.IsExternal && endpoint.UriScheme is "http" or "https" && endpoint.AllocatedEndpoint is not null)
            .Select(endpoint => (resource.Name, endpoint.AllocatedEndpoint!.UriString));

    [LoggerMessage(Level = LogLevel.Information, Message = "{Message}")]
    private partial void LogReady(string message);
}
