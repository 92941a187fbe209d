using System.Diagnostics;
using AiMesh.Inference.Caching;
using AiMesh.Inference.Tests.TestSupport;
using AiMesh.Tests.Redis;
using AiMesh.Tests.Telemetry;

namespace AiMesh.Inference.Tests.Caching;

/// <summary>
/// The cache's Redis commands, against a real redis-server, as spans: one per command inside a recorded
/// trace, none inside a trace that is not recorded (the texts the sampler left out).
/// </summary>
public sealed class RedisTracingTests
{
    private static readonly CachedAnswer s_answer = new("positive", 0.9, "sentiment", "ai-a");
    private static readonly TimeSpan s_ttl = TimeSpan.FromMinutes(5);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task In_a_recorded_trace_each_command_is_a_client_span_naming_Redis_and_its_server()
    {
        await using var server = await RedisServer.StartAsync();

        var commands = await CommandSpansAsync(server, recorded: true);

        Assert.Equal(["SET", "GET"], commands.Select(span => span.DisplayName));
        Assert.All(commands, span =>
        {
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal("redis", span.GetTagItem("db.system"));
            Assert.Equal("redis", span.GetTagItem("db.system.name"));
            Assert.Equal(span.DisplayName, span.GetTagItem("db.operation.name"));
            Assert.Equal(server.Port, span.GetTagItem("server.port"));
            Assert.Equal(ActivityStatusCode.Unset, span.Status);
        });
    }

    [Fact]
    public async Task In_a_trace_that_is_not_recorded_no_command_is_a_span()
    {
        await using var server = await RedisServer.StartAsync();

        Assert.Empty(await CommandSpansAsync(server, recorded: false));
    }

    [Fact]
    public async Task A_command_Redis_does_not_answer_in_time_ends_its_span_as_an_error()
    {
        await using var server = await RedisServer.StartAsync();
        await using var harness = CacheHarness.OverRedis(server.CreateOptions());
        using var spans = new SpanRecorder(RedisTracing.Source.Name);
        await harness.Cache.SetAsync("warm", s_answer, s_ttl, Cancellation).DefaultTimeout();

        ActivityTraceId trace;
        server.Freeze();
        try
        {
            using var text = StartText(recorded: true);
            trace = text.TraceId;
            Assert.Null(await harness.Cache.GetAsync("warm", Cancellation).DefaultTimeout());
        }
        finally
        {
            server.Thaw();
        }

        var get = Assert.Single(spans.Stopped, span => span.TraceId == trace);
        Assert.Equal(ActivityStatusCode.Error, get.Status);
        Assert.Equal(typeof(TimeoutException).FullName, get.GetTagItem("error.type"));
    }

    // Stores an answer and reads it back inside one text's trace; the cache's spans of that trace.
    private static async Task<List<Activity>> CommandSpansAsync(RedisServer server, bool recorded)
    {
        await using var harness = CacheHarness.OverRedis(server.CreateOptions());
        using var spans = new SpanRecorder(RedisTracing.Source.Name);

        ActivityTraceId trace;
        using (var text = StartText(recorded))
        {
            trace = text.TraceId;
            await harness.Cache.SetAsync("answer", s_answer, s_ttl, Cancellation).DefaultTimeout();
            Assert.Equal(s_answer, await harness.Cache.GetAsync("answer", Cancellation).DefaultTimeout());
        }

        return [.. spans.Stopped.Where(span => span.TraceId == trace)];
    }

    // A text's "data-topic process" span as the sampler left it: recorded or not.
    private static Activity StartText(bool recorded)
    {
        var text = new Activity("data-topic process");
        text.SetIdFormat(ActivityIdFormat.W3C);
        text.ActivityTraceFlags = recorded ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None;
        return text.Start();
    }
}
