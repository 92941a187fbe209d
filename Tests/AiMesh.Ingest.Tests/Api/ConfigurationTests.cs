using System.Net;
using System.Net.Http.Json;
using AiMesh.Ingest.Extensions;
using AiMesh.Ingest.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiMesh.Ingest.Tests.Api;

public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Ingest:MaxTextLength", "0")]
    [InlineData("Ingest:PublishTimeout", "00:00:00")]
    [InlineData("Ingest:KafkaStatusTimeout", "-00:00:01")]
    [InlineData("Ingest:MinRequestBodyBytesPerSecond", "0")]
    [InlineData("Ingest:RequestBodyGracePeriod", "00:00:01")]
    [InlineData("Ingest:ModelListCacheDuration", "-00:00:01")]
    [InlineData("Ingest:Backpressure:MaxLag", "0")]
    [InlineData("Ingest:Backpressure:CheckInterval", "00:00:00")]
    public async Task InvalidSettingsStopIngestFromStarting(string key, string value)
    {
        // Hosted directly rather than through WebApplicationFactory, whose start races a Program that fails.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = $"127.0.0.1:{Ports.Closed()}",
            [key] = value,
        });
        builder.AddIngestServices();
        await using var app = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken).DefaultTimeout());

        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTextLimitComesFromConfiguration()
    {
        await using var app = IngestApp.WithKafka($"127.0.0.1:{Ports.Closed()}", new Dictionary<string, string?> { ["Ingest:MaxTextLength"] = "5" });
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/subscribe", new { text = "123456" }, TestContext.Current.CancellationToken).DefaultTimeout();

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("at most 5 characters; it has 6", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
