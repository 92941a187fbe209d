using System.Diagnostics.Metrics;
using AiMesh.Inference.Caching;
using AiMesh.Inference.Extensions;
using AiMesh.Inference.Telemetry;
using AiMesh.Tests.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AiMesh.Inference.Tests.TestSupport;

/// <summary>
/// The answer cache as the service wires it (the cache, its circuit breaker and the health check) over a
/// real Redis or a <see cref="FakeAnswerStore"/>, with its logs and metrics at hand.
/// </summary>
internal sealed class CacheHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private CacheHarness(ServiceProvider services, ListLoggerProvider logs)
    {
        _services = services;
        Logs = logs;
    }

    public ListLoggerProvider Logs { get; }

    public IAnswerCache Cache => _services.GetRequiredService<IAnswerCache>();

    public CacheCircuit Circuit => _services.GetRequiredService<CacheCircuit>();

    /// <summary>
    /// Settings that make a test quick: a short cache timeout, and a probe that never comes (tests that
    /// want one set <see cref="InferenceOptions.CacheProbeInterval"/>).
    /// </summary>
    public static InferenceOptions Options(Action<InferenceOptions>? configure = null)
    {
        var options = new InferenceOptions
        {
            CacheTimeout = TimeSpan.FromMilliseconds(100),
            CacheBreakerFailures = 3,
            CacheBreakerSamplingDuration = TimeSpan.FromSeconds(1),
            CacheProbeInterval = TimeSpan.FromHours(1),
        };
        configure?.Invoke(options);
        return options;
    }

    public static CacheHarness OverRedis(ConfigurationOptions redis, Action<InferenceOptions>? configure = null) =>
        Create(configure, TimeProvider.System, services =>
        {
            services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));
            services.AddRedisAnswerCache();
        });

    public static CacheHarness Over(FakeAnswerStore store, Action<InferenceOptions>? configure = null, TimeProvider? timeProvider = null) =>
        Create(configure, timeProvider ?? TimeProvider.System, services =>
        {
            services.AddSingleton<IAnswerStore>(store);
            services.AddSingleton<CacheCircuit>();
            services.AddSingleton<IAnswerCache, CircuitBreakingAnswerCache>();
        });

    /// <summary>The meters of this harness only.</summary>
    public MetricRecorder StartRecordingMetrics() => new(_services.GetRequiredService<IMeterFactory>());

    public Task<HealthCheckResult> CheckHealthAsync()
    {
        var check = ActivatorUtilities.CreateInstance<RedisCacheHealthCheck>(_services);
        return check.CheckHealthAsync(
            new HealthCheckContext { Registration = new HealthCheckRegistration(RedisCacheHealthCheck.Name, check, null, null) },
            TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private static CacheHarness Create(Action<InferenceOptions>? configure, TimeProvider timeProvider, Action<IServiceCollection> addCache)
    {
        var logs = new ListLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddMetrics();
        services.AddSingleton(timeProvider);
        services.AddSingleton<IOptions<InferenceOptions>>(Microsoft.Extensions.Options.Options.Create(Options(configure)));
        services.AddSingleton<InferenceMetrics>();
        addCache(services);
        return new CacheHarness(services.BuildServiceProvider(), logs);
    }
}
