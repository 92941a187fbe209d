using System.Net.Http.Json;
using AiMesh.Hosting.Orchestration;
using AiMesh.Hosting.Orchestration.Processes;
using AiMesh.Hosting.Testing;

namespace AiMesh.Hosting.Tests;

/// <summary>
/// A small model of real processes: Redis, three replicas of the Echo service that reference it, and
/// a caller that references the Echo service and waits for it. One application serves all the tests
/// of this class; each test reads it without changing what the others see, except the restart test,
/// which checks only the replica it killed.
/// </summary>
public sealed class ProjectResourceTests(ProjectResourceTests.EchoModel model) : IClassFixture<ProjectResourceTests.EchoModel>
{
    private const int EchoReplicas = 3;
    private static readonly TimeSpan s_echoReadyAfter = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task References_arrive_as_Aspire_environment_variables()
    {
        var app = model.App;
        using var client = app.CreateHttpClient("caller");
        var environment = await client.GetFromJsonAsync<Dictionary<string, string>>("/env").DefaultTimeout();

        Assert.NotNull(environment);
        for (var i = 0; i < EchoReplicas; i++)
        {
            Assert.Equal(app.GetEndpoint("echo", replica: i).ToString().TrimEnd('/'), environment[$"services__echo__http__{i}"]);
        }

        Assert.False(environment.ContainsKey($"services__echo__http__{EchoReplicas}"));
        Assert.Equal(environment["services__echo__http__0"], environment["ECHO_HTTP"]);
        Assert.Equal("caller", environment["OTEL_SERVICE_NAME"]);
        Assert.Equal("Development", environment["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal(app.GetEndpoint("caller").ToString().TrimEnd('/'), environment["ASPNETCORE_URLS"]);

        using var echoClient = app.CreateHttpClient("echo");
        var echoEnvironment = await echoClient.GetFromJsonAsync<Dictionary<string, string>>("/env").DefaultTimeout();
        Assert.NotNull(echoEnvironment);
        var redisConnectionString = await app.GetConnectionStringAsync("redis").DefaultTimeout();
        Assert.Equal(redisConnectionString, echoEnvironment["ConnectionStrings__redis"]);
        Assert.Matches(@"^127\.0\.0\.1:\d+,password=.{22}$", redisConnectionString);
        Assert.Equal(redisConnectionString!.Split(',')[0].Split(':')[1], echoEnvironment["REDIS_PORT"]);
        Assert.StartsWith("redis://:", echoEnvironment["REDIS_URI"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replicas_get_distinct_ports_and_instance_ids()
    {
        var snapshot = model.App.ResourceNotifications.GetSnapshot("echo")!;

        Assert.Equal(EchoReplicas, snapshot.Replicas.Count);
        Assert.Equal(EchoReplicas, snapshot.Replicas.Select(r => r.Endpoints.Single()).Distinct().Count());
        Assert.Equal(EchoReplicas, snapshot.Replicas.Select(r => r.InstanceId).Distinct().Count());
        Assert.All(snapshot.Replicas, r => Assert.Matches("^[a-z0-9]{8}$", r.InstanceId));
        Assert.All(snapshot.Replicas, r => Assert.Equal($"echo-{r.InstanceId}", r.Name));

        for (var i = 0; i < EchoReplicas; i++)
        {
            using var client = model.App.CreateHttpClient("echo", replica: i);
            var whoami = await client.GetFromJsonAsync<WhoAmI>("/whoami").DefaultTimeout();
            var replica = model.App.ResourceNotifications.GetSnapshot("echo")!.Replicas[i];
            Assert.Equal(replica.InstanceId, whoami!.InstanceId);
            Assert.Equal(replica.Pid, whoami.Pid);
        }
    }

    [Fact]
    public async Task A_client_balances_every_request_over_the_replicas()
    {
        using var client = model.App.CreateHttpClient("caller");
        var seen = new Dictionary<string, int>();
        for (var i = 0; i < 30; i++)
        {
            var whoami = await client.GetFromJsonAsync<WhoAmI>("/call/echo").DefaultTimeout();
            seen[whoami!.InstanceId] = seen.GetValueOrDefault(whoami.InstanceId) + 1;
        }

        // Round robin per request over three replicas: each gets a third, whatever connection reuse does.
        Assert.Equal(EchoReplicas, seen.Count);
        Assert.All(seen.Values, count => Assert.InRange(count, 8, 12));
    }

    [Fact]
    public void Only_endpoints_marked_external_are_listed_as_places_to_open()
    {
        var caller = model.App.ResourceNotifications.GetSnapshot("caller")!;
        var echo = model.App.ResourceNotifications.GetSnapshot("echo")!;

        Assert.Equal([model.App.GetEndpoint("caller").ToString().TrimEnd('/')], caller.ExternalUrls.Select(url => url.TrimEnd('/')));
        Assert.Empty(echo.ExternalUrls);
    }

    [Fact]
    public void WaitFor_holds_a_resource_back_until_its_dependency_is_healthy()
    {
        var echo = model.App.ResourceNotifications.GetSnapshot("echo")!;
        var caller = model.App.ResourceNotifications.GetSnapshot("caller")!;

        // Echo reports Unhealthy for its first two seconds, so the caller cannot have started before then.
        var echoReadyAt = echo.Replicas.Max(r => r.StartedAt!.Value) + s_echoReadyAfter;
        Assert.True(model.CallerStartedAt >= echoReadyAt, $"caller started at {model.CallerStartedAt:O}, echo was ready at {echoReadyAt:O} at the earliest");
        Assert.Equal(["echo"], caller.WaitsFor);
    }

    [Fact]
    public async Task The_status_API_masks_secrets()
    {
        using var http = new HttpClient { BaseAddress = model.App.StatusApiUrl };
        var json = await http.GetStringAsync("/api/v1/resources").DefaultTimeout();
        var password = (await model.App.GetConnectionStringAsync("redis").DefaultTimeout())!.Split("password=")[1];

        Assert.DoesNotContain(password, json, StringComparison.Ordinal);
        Assert.Contains("password=*****", json, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"Healthy\"", json, StringComparison.Ordinal);

        var redis = await http.GetFromJsonAsync<Status.V1.ResourceDto>("/api/v1/resources/redis").DefaultTimeout();
        Assert.Equal("Redis", redis!.Kind);
        Assert.Equal("*****", (await http.GetFromJsonAsync<Status.V1.ResourceDto>("/api/v1/resources/redis-password").DefaultTimeout())!.ConnectionString);
        var missing = await http.GetAsync("/api/v1/resources/nope").DefaultTimeout();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_killed_replica_is_restarted()
    {
        var notifications = model.App.ResourceNotifications;
        var victim = notifications.GetSnapshot("echo")!.Replicas[EchoReplicas - 1];
        var identity = new ProcessIdentity(victim.Pid!.Value, victim.ProcessStartTicks!.Value);

        NativeMethods.Kill(identity.Pid, (int)UnixSignal.Kill);

        var restarted = await notifications.WaitForResourceAsync("echo", s =>
            s.Replicas[victim.Index] is { Restarts: 1, State: ResourceState.Healthy } r && r.Pid != victim.Pid).DefaultTimeout();
        var replica = restarted.Replicas[victim.Index];
        Assert.Equal(victim.InstanceId, replica.InstanceId);
        Assert.Equal(victim.Endpoints, replica.Endpoints);
        Assert.False(identity.IsAlive);
    }

    public sealed record WhoAmI(string InstanceId, int Pid);

    public sealed class EchoModel : IAsyncLifetime
    {
        private DistributedApplication? _app;

        public DistributedApplication App => _app ?? throw new InvalidOperationException("Not started.");

        public DateTimeOffset CallerStartedAt { get; private set; }

        public async ValueTask InitializeAsync()
        {
            var builder = DistributedApplicationTestingBuilder.Create();
            var redis = builder.AddRedis("redis");
            var echo = builder.AddProject<Projects.AiMesh_TestApps_Echo>("echo")
                .WithReplicas(EchoReplicas)
                .WithEnvironment("Echo__ReadyAfterMs", ((int)s_echoReadyAfter.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture))
                .WithHttpHealthCheck("/health")
                .WithReference(redis)
                .WaitFor(redis);
            builder.AddProject<Projects.AiMesh_TestApps_Echo>("caller")
                .WithExternalHttpEndpoints()
                .WithHttpHealthCheck("/health")
                .WithReference(echo)
                .WaitFor(echo);

            _app = await builder.BuildAsync().DefaultTimeout();
            await _app.StartAsync().DefaultTimeout();
            await _app.WaitForHealthyAsync("caller", TimeSpan.FromSeconds(90)).DefaultTimeout(TimeSpan.FromSeconds(95));
            CallerStartedAt = _app.ResourceNotifications.GetSnapshot("caller")!.Replicas[0].StartedAt!.Value;
        }

        public async ValueTask DisposeAsync()
        {
            if (_app is null)
            {
                return;
            }

            var processes = _app.ResourceNotifications.GetSnapshots().SelectMany(s => s.Replicas)
                .Where(r => r.Pid is not null).Select(r => new ProcessIdentity(r.Pid!.Value, r.ProcessStartTicks!.Value)).ToList();
            var stateDirectory = _app.StateDirectory;
            await _app.DisposeAsync();

            // Disposal must leave nothing: every process we saw is gone (by pid AND start time).
            Assert.NotEmpty(processes);
            Assert.All(processes, p => Assert.False(p.IsAlive, $"pid {p.Pid} outlived the application"));
            Assert.False(Directory.Exists(stateDirectory));
        }
    }
}
