using AiMesh.Tests.Http;
using AiMesh.Web.Clients;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AiMesh.Web.Tests.Clients;

/// <summary>
/// The Web app's Ingest client under the real standard resilience handler: a failed submit is not sent
/// again, because Ingest may already have published the text.
/// </summary>
public sealed class IngestSubmitRetryTests
{
    [Fact]
    public async Task AFailedSubmitIsSentOnlyOnce()
    {
        var attempts = 0;
        await using var ingest = await TestWebServer.StartAsync(app => app.MapPost("/api/subscribe", () =>
        {
            Interlocked.Increment(ref attempts);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }));
        await using var app = BuildWebApp(ingest.Address);
        var client = app.Services.GetRequiredService<IngestClient>();

        await Assert.ThrowsAsync<ServiceProblemException>(() => client.SubmitAsync("hello", TestContext.Current.CancellationToken)).DefaultTimeout();

        Assert.Equal(1, Volatile.Read(ref attempts));
    }

    [Fact]
    public async Task OtherClientsStillRetryAFailedGet()
    {
        var attempts = 0;
        await using var ingest = await TestWebServer.StartAsync(app => app.MapGet("/flaky", () =>
            Interlocked.Increment(ref attempts) == 1
                ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable)
                : Results.Ok()));
        await using var app = BuildWebApp(ingest.Address);
        using var http = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient("other");

        using var response = await http.GetAsync(new Uri(ingest.Address, "/flaky"), TestContext.Current.CancellationToken).DefaultTimeout(TimeSpan.FromSeconds(30));

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal(2, Volatile.Read(ref attempts));
    }

    private static WebApplication BuildWebApp(Uri ingest)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["services:ingest:http:0"] = ingest.ToString(),
            ["services:results:http:0"] = ingest.ToString(),
        });
        builder.AddServiceDefaults();
        builder.AddWebServices();
        return builder.Build();
    }
}
