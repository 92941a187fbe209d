using System.Net;
using AiMesh.Hosting.Orchestration;
using AiMesh.Hosting.Status.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiMesh.Hosting.Status;

/// <summary>
/// The AppHost's read-only JSON status API on loopback: every resource and replica with state,
/// health, pid, endpoints, restarts and connection info (secrets masked), plus recent logs.
/// </summary>
internal sealed class StatusApi : IAsyncDisposable
{
    public const int DefaultPort = 18888;

    private readonly WebApplication _app;

    private StatusApi(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<StatusApi> StartAsync(int port, ResourceNotificationService notifications, ResourceLoggerService logs, SecretMasker masker, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "AiMesh.StatusApi", EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddProblemDetails();
        var app = builder.Build();

        var api = app.MapGroup("/api/v1");
        api.MapGet("/resources", () => TypedResults.Ok(notifications.GetSnapshots().Select(s => StatusMapper.ToDto(s, masker))));
        api.MapGet("/resources/{name}", IResult (string name) =>
            notifications.GetSnapshot(name) is { } snapshot
                ? TypedResults.Ok(StatusMapper.ToDto(snapshot, masker))
                : TypedResults.Problem(title: "Unknown resource", detail: $"There is no resource named '{name}'.", statusCode: StatusCodes.Status404NotFound));
        api.MapGet("/resources/{name}/logs", IResult (string name, int? tail) =>
            notifications.GetSnapshot(name) is null
                ? TypedResults.Problem(title: "Unknown resource", detail: $"There is no resource named '{name}'.", statusCode: StatusCodes.Status404NotFound)
                : TypedResults.Ok(logs.GetRecent(name, Math.Clamp(tail ?? 100, 1, 500)).Select(l => new LogLineDto(l.Timestamp, l.Source, masker.Apply(l.Text)!, l.IsError))));
        api.MapGet("/status", () =>
        {
            var snapshots = notifications.GetSnapshots();
            return TypedResults.Ok(new StatusDto(StatusMapper.Overall(snapshots, notifications.IsModelRegistered), Environment.ProcessId, snapshots.Select(s => StatusMapper.ToDto(s, masker)).ToArray()));
        });
        app.MapGet("/", () => TypedResults.Content(StatusPage.Html, "text/html; charset=utf-8"));

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new DistributedApplicationException(
                $"The status API cannot listen on 127.0.0.1:{port} ({e.Message}). Another AppHost may be running; set AppHost:StatusPort to use another port.", e);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new StatusApi(app, new Uri(address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
