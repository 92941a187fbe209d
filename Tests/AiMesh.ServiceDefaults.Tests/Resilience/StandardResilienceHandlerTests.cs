using System.Diagnostics;
using System.Net;
using AiMesh.ServiceDefaults.Tests.Infrastructure;
using AiMesh.Tests.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AiMesh.ServiceDefaults.Tests.Resilience;

public sealed class StandardResilienceHandlerTests
{
    // Aspire's numbers, shrunk so a retry waits milliseconds instead of seconds.
    private static readonly Dictionary<string, string?> s_fastRetries = new()
    {
        ["HttpClientDefaults:Resilience:Retry:Delay"] = "00:00:00.010",
        ["HttpClientDefaults:Resilience:Retry:UseJitter"] = "false",
    };

    [Fact]
    public async Task TransientFailuresAreRetriedUntilTheServerAnswers()
    {
        var attempts = 0;
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/flaky", () =>
            Interlocked.Increment(ref attempts) <= 2 ? Results.StatusCode(503) : Results.Text("ok")));
        using var host = BuildHost(s_fastRetries);

        var response = await CreateClient(host).GetAsync(new Uri(server.Address, "/flaky"), TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task ClientErrorsAreNotRetried()
    {
        var attempts = 0;
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/bad", () =>
        {
            Interlocked.Increment(ref attempts);
            return Results.BadRequest();
        }));
        using var host = BuildHost(s_fastRetries);

        var response = await CreateClient(host).GetAsync(new Uri(server.Address, "/bad"), TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task ASlowAttemptTimesOutAndIsRetried()
    {
        var attempts = 0;
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/slow-once", async (CancellationToken aborted) =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), aborted);
            }

            return Results.Text("ok");
        }));
        using var host = BuildHost(new(s_fastRetries) { ["HttpClientDefaults:Resilience:AttemptTimeout:Timeout"] = "00:00:00.300" });

        var stopwatch = Stopwatch.StartNew();
        var response = await CreateClient(host).GetAsync(new Uri(server.Address, "/slow-once"), TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, attempts);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task RetryAfterSetsTheDelayBeforeTheNextAttempt()
    {
        var attempts = 0;
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/busy-once", (HttpResponse response) =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                response.Headers.RetryAfter = "1";
                return Results.StatusCode(429);
            }

            return Results.Text("ok");
        }));
        using var host = BuildHost(s_fastRetries);

        var stopwatch = Stopwatch.StartNew();
        var response = await CreateClient(host).GetAsync(new Uri(server.Address, "/busy-once"), TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, attempts);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(900), $"Retried after {stopwatch.Elapsed}, before the 1 s Retry-After.");
    }

    [Fact]
    public async Task TheRequestBodyIsSentAgainOnEveryAttempt()
    {
        var bodies = new List<string>();
        await using var server = await TestWebServer.StartAsync(app => app.MapPost("/echo", async (HttpRequest request) =>
        {
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            lock (bodies)
            {
                bodies.Add(body);
                return bodies.Count == 1 ? Results.StatusCode(503) : Results.Text(body);
            }
        }));
        using var host = BuildHost(s_fastRetries);

        // A one-shot, non-seekable stream: it can only be re-sent if the handler kept a copy.
        using var content = new StreamContent(new OneShotStream("payload"u8.ToArray()));
        var response = await CreateClient(host).PostAsync(new Uri(server.Address, "/echo"), content, TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal("payload", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken).DefaultTimeout());
        Assert.Equal(["payload", "payload"], bodies);
    }

    [Fact]
    public async Task EachRetryGoesToTheNextReplica()
    {
        var failing = 0;
        await using var broken = await TestWebServer.StartAsync(app => app.MapGet("/id", () =>
        {
            Interlocked.Increment(ref failing);
            return Results.StatusCode(500);
        }));
        await using var healthy = await TestWebServer.StartAsync(app => app.MapGet("/id", () => Results.Text("healthy")));
        using var host = BuildHost(new(s_fastRetries) { ["services:ai:http:0"] = broken.Address.ToString(), ["services:ai:http:1"] = healthy.Address.ToString() });
        var client = CreateClient(host);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("healthy", await client.GetStringAsync("http://ai/id", TestContext.Current.CancellationToken).DefaultTimeout());
        }

        // Each attempt takes the next replica in turn, so every attempt on the broken one is followed by
        // a retry on the healthy one: the broken replica was tried, and no call failed.
        Assert.InRange(failing, 1, 10);
    }

    [Fact]
    public async Task ANamedClientCanTightenItsOwnOptions()
    {
        var attempts = 0;
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/down", () =>
        {
            Interlocked.Increment(ref attempts);
            return Results.StatusCode(503);
        }));
        var builder = TestHosts.CreateBuilder(s_fastRetries);
        builder.Services.AddHttpClient("once").AddStandardResilienceHandler(options => options.Retry.MaxRetryAttempts = 1);
        using var host = builder.Build();

        var response = await host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("once")
            .GetAsync(new Uri(server.Address, "/down"), TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task CallingTheDefaultsTwiceDoesNotStackHandlers()
    {
        var attempts = 0;
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/down", () =>
        {
            Interlocked.Increment(ref attempts);
            return Results.StatusCode(503);
        }));
        var builder = TestHosts.CreateBuilder(s_fastRetries);
        builder.AddServiceDefaults();
        builder.AddServiceDefaults();
        using var host = builder.Build();

        var response = await CreateClient(host).GetAsync(new Uri(server.Address, "/down"), TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(4, attempts);
    }

    private static IHost BuildHost(Dictionary<string, string?> configuration)
    {
        var builder = TestHosts.CreateBuilder(configuration);
        builder.AddServiceDefaults();
        return builder.Build();
    }

    private static HttpClient CreateClient(IHost host) => host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();

    private sealed class OneShotStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
