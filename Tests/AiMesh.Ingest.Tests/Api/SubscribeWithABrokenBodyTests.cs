using System.Diagnostics.Metrics;
using System.Text;
using AiMesh.Ingest.Tests.Infrastructure;
using AiMesh.Tests.Http;
using AiMesh.Tests.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace AiMesh.Ingest.Tests.Api;

/// <summary>
/// Bodies that never arrive whole, sent over a real socket to Ingest on Kestrel (TestServer enforces no
/// data rate): the client is at fault, so the answer is 4xx problem details, never 500.
/// </summary>
public sealed class SubscribeWithABrokenBodyTests : IAsyncLifetime
{
    private static readonly byte[] s_body = Encoding.UTF8.GetBytes("""{"text":"I love this"}""");

    private readonly IngestApp _app = IngestApp.WithKafka($"127.0.0.1:{Ports.Closed()}");
    private MetricRecorder _metrics = null!;
    private Uri _server = null!;

    public ValueTask InitializeAsync()
    {
        _server = _app.StartOnKestrel();
        _metrics = new MetricRecorder(_app.Services.GetRequiredService<IMeterFactory>());
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task ABodyShorterThanItsContentLengthIsAnswered408ProblemOnceTheGracePeriodIsOver()
    {
        using var request = await RawHttpRequest.StartPostAsync(_server, "/api/subscribe", s_body.Length + 50);
        await request.SendAsync(s_body);

        var response = await request.ReadResponseAsync().DefaultTimeout(TimeSpan.FromSeconds(30));

        AssertProblem(response, 408);
        Assert.Contains("MinRequestBodyDataRate", response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABodyThatTricklesInSlowerThanTheMinimumRateIsAnswered408Problem()
    {
        // Long enough that it would take 20 s to arrive whole at this pace.
        var body = Encoding.UTF8.GetBytes("""{"text":"I love this"}""".PadRight(200));
        using var request = await RawHttpRequest.StartPostAsync(_server, "/api/subscribe", body.Length);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var trickle = TrickleAsync(request, body, stop.Token);

        var response = await request.ReadResponseAsync().DefaultTimeout(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await trickle;

        AssertProblem(response, 408);
    }

    [Fact]
    public async Task ABodyTheClientCutsShortIsNeverCountedAsAServerError()
    {
        using var request = await RawHttpRequest.StartPostAsync(_server, "/api/subscribe", s_body.Length + 50);
        await request.SendAsync(s_body);

        // Kestrel takes the end of the client's sending for the end of the connection: no answer can
        // reach the client, so the status Ingest settled on is read from its request metrics (Kestrel
        // counts a request whose client left as 499).
        request.EndSending();
        await request.ReadResponseAsync().DefaultTimeout(TimeSpan.FromSeconds(30));

        await AsyncTestHelpers.WaitUntilAsync(() => StatusesOf("/api/subscribe").Any(), TimeSpan.FromSeconds(15));
        Assert.InRange(Assert.Single(StatusesOf("/api/subscribe")), 400, 499);
    }

    public async ValueTask DisposeAsync()
    {
        _metrics.Dispose();
        await _app.DisposeAsync();
    }

    private static void AssertProblem(RawHttpResponse response, int status)
    {
        Assert.True(response.Status == status, $"Expected {status}, got {response.Status}: {response.Body}");
        Assert.StartsWith("application/problem+json", response.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal(status, response.Json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(response.Json.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(response.Json.GetProperty("detail").GetString()));
    }

    /// <summary>One byte every 100 ms: 10 bytes a second, far below the default 240.</summary>
    private static async Task TrickleAsync(RawHttpRequest request, byte[] body, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var octet in body)
            {
                await request.SendAsync(new[] { octet });
                await Task.Delay(100, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            // The server cut the connection off, as it should.
        }
    }

    private List<int> StatusesOf(string route) =>
        _metrics.Measurements
            .Where(measurement => measurement.Instrument == "http.server.request.duration")
            .Where(measurement => Equals(measurement.Tags.GetValueOrDefault("http.route"), route))
            .Select(measurement => Convert.ToInt32(measurement.Tags["http.response.status_code"], System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
}
