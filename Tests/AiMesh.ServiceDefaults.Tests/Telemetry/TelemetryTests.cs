using System.Diagnostics;
using System.Text;
using AiMesh.ServiceDefaults.Tests.Infrastructure;
using AiMesh.Tests.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AiMesh.ServiceDefaults.Tests.Telemetry;

public sealed class TelemetryTests
{
    [Fact]
    public void NoOtlpExporterIsRegisteredWithoutAnEndpoint()
    {
        var builder = TestHosts.CreateBuilder();
        builder.AddServiceDefaults();

        Assert.DoesNotContain(builder.Services, IsOtlpService);
    }

    [Fact]
    public void AnOtlpExporterIsRegisteredWhenTheEndpointIsSet()
    {
        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4317" });
        builder.AddServiceDefaults();

        Assert.Contains(builder.Services, IsOtlpService);
    }

    [Fact]
    public async Task TracesReachTheOtlpEndpointAndAreFlushedOnShutdown()
    {
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var collector = await TestWebServer.StartAsync(app => app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            received.TrySetResult(Encoding.UTF8.GetString(body.ToArray()));
            return Results.Ok();
        }));
        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Address.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "otlp-probe",
        });
        builder.AddServiceDefaults();
        using (var host = builder.Build())
        {
            await host.StartAsync(TestContext.Current.CancellationToken).DefaultTimeout();
            using var source = new ActivitySource("AiMesh.Tests.Otlp");
            source.StartActivity("exported-span")?.Dispose();
            await host.StopAsync(TestContext.Current.CancellationToken).DefaultTimeout();
        }

        var payload = await received.Task.DefaultTimeout();
        Assert.Contains("otlp-probe", payload, StringComparison.Ordinal);
        Assert.Contains("exported-span", payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequestIsTracedThroughServerClientAndServerActivities()
    {
        var exporter = new InMemoryActivityExporter();
        await using var server = await StartTracedServerAsync(exporter);
        using var client = new HttpClient { BaseAddress = server.Address };

        Assert.Equal("5", await client.GetStringAsync("/call", TestContext.Current.CancellationToken).DefaultTimeout());

        var outer = await WaitForServerActivityAsync(exporter, server.Port, "/call");
        var inner = await WaitForServerActivityAsync(exporter, server.Port, "/items/5");
        var clientCall = Assert.Single(exporter.Activities, activity =>
            activity.Source.Name == "System.Net.Http" && activity.ParentSpanId == outer.SpanId);

        Assert.Equal("GET /call", outer.DisplayName);
        Assert.Equal(ActivityKind.Server, outer.Kind);
        Assert.Equal("/items/{id}", inner.GetTagItem("http.route"));
        Assert.Equal(200, inner.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityKind.Client, clientCall.Kind);
        Assert.Equal(clientCall.SpanId, inner.ParentSpanId);
        Assert.Equal(outer.TraceId, inner.TraceId);
    }

    [Fact]
    public async Task HealthRequestsAreNotTraced()
    {
        var exporter = new InMemoryActivityExporter();
        await using var server = await StartTracedServerAsync(exporter);
        using var client = new HttpClient { BaseAddress = server.Address };

        _ = await client.GetAsync("/health", TestContext.Current.CancellationToken).DefaultTimeout();
        _ = await client.GetAsync("/alive", TestContext.Current.CancellationToken).DefaultTimeout();
        _ = await client.GetAsync("/items/1", TestContext.Current.CancellationToken).DefaultTimeout();
        _ = await WaitForServerActivityAsync(exporter, server.Port, "/items/1");

        Assert.DoesNotContain(exporter.Activities, activity =>
            activity.Source.Name == "Microsoft.AspNetCore" && activity.GetTagItem("url.path") is "/health" or "/alive");
    }

    [Fact]
    public async Task MetricsCoverServerAndClientRequests()
    {
        var exporter = new MetricNameExporter();
        var reader = new BaseExportingMetricReader(exporter);
        await using var server = await TestWebServer.StartAsync(MapApp, builder =>
        {
            builder.AddServiceDefaults();
            builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddReader(reader));
        });
        using var client = new HttpClient { BaseAddress = server.Address };
        _ = await client.GetStringAsync("/call", TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.True(reader.Collect(5000));

        Assert.Contains("http.server.request.duration", exporter.Names.Keys);
        Assert.Contains("http.client.request.duration", exporter.Names.Keys);
        Assert.Contains(exporter.Names.Values, meter => meter == "System.Runtime");
    }

    [Fact]
    public async Task LogsCarryTheirFormattedMessageAndScopes()
    {
        var exporter = new LogCopyExporter();
        var builder = TestHosts.CreateBuilder();
        builder.AddServiceDefaults();
        builder.Services.ConfigureOpenTelemetryLoggerProvider(logging => logging.AddProcessor(new SimpleLogRecordExportProcessor(exporter)));
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken).DefaultTimeout();

        var logger = host.Services.GetRequiredService<ILogger<TelemetryTests>>();
        using (logger.BeginScope("order {OrderId}", 42))
        {
            logger.LogInformation("Shipped {Count} items", 3);
        }

        await host.StopAsync(TestContext.Current.CancellationToken).DefaultTimeout();
        var record = Assert.Single(exporter.Records, record => record.Message == "Shipped {Count} items");
        Assert.Equal("Shipped 3 items", record.FormattedMessage);
        Assert.Contains(record.Scopes, scope => scope?.ToString() == "order 42");
    }

    [Fact]
    public void TheResourceTakesTheServiceNameAndInstanceIdFromTheEnvironment()
    {
        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?>
        {
            ["OTEL_SERVICE_NAME"] = "catalog",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "service.instance.id=abcd1234",
        });
        builder.AddServiceDefaults();
        using var host = builder.Build();

        var attributes = host.Services.GetRequiredService<TracerProvider>().GetResource().Attributes.ToDictionary();

        Assert.Equal("catalog", attributes["service.name"]);
        Assert.Equal("abcd1234", attributes["service.instance.id"]);
    }

    [Fact]
    public void TheServiceNameDefaultsToTheApplicationName()
    {
        var builder = TestHosts.CreateBuilder();
        builder.AddServiceDefaults();
        using var host = builder.Build();

        var attributes = host.Services.GetRequiredService<TracerProvider>().GetResource().Attributes.ToDictionary();

        Assert.Equal(builder.Environment.ApplicationName, attributes["service.name"]);
        Assert.True(attributes.ContainsKey("service.instance.id"));
    }

    private static Task<TestWebServer> StartTracedServerAsync(InMemoryActivityExporter exporter) =>
        TestWebServer.StartAsync(MapApp, builder =>
        {
            builder.AddServiceDefaults();
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new SimpleActivityExportProcessor(exporter)));
        });

    private static void MapApp(WebApplication app)
    {
        app.MapDefaultEndpoints();
        app.MapGet("/items/{id}", (int id) => id);
        app.MapGet("/call", async (HttpContext context, IHttpClientFactory clients) =>
            await clients.CreateClient().GetStringAsync(new Uri($"{context.Request.Scheme}://{context.Request.Host}/items/5")));
    }

    private static async Task<Activity> WaitForServerActivityAsync(InMemoryActivityExporter exporter, int port, string path)
    {
        // The server may stop (and export) its activity just after the client has the response.
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            var found = exporter.Activities.FirstOrDefault(activity =>
                activity.Source.Name == "Microsoft.AspNetCore"
                && activity.GetTagItem("url.path") as string == path
                && Equals(activity.GetTagItem("server.port"), port));
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"No server activity for {path} on port {port}.");
    }

    private static bool IsOtlpService(ServiceDescriptor descriptor)
    {
        var otlp = typeof(OtlpExporterOptions).Assembly;
        IEnumerable<Type?> types =
        [
            descriptor.ServiceType,
            descriptor.IsKeyedService ? descriptor.KeyedImplementationType : descriptor.ImplementationType,
            descriptor.IsKeyedService ? descriptor.KeyedImplementationInstance?.GetType() : descriptor.ImplementationInstance?.GetType(),
        ];
        return types.OfType<Type>().SelectMany(type => type.GenericTypeArguments.Append(type)).Any(type => type.Assembly == otlp);
    }
}
