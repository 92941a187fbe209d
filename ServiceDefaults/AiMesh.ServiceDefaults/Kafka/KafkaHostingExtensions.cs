using AiMesh.Kafka;
using AiMesh.ServiceDefaults.Health;
using AiMesh.ServiceDefaults.Kafka;
using AiMesh.ServiceDefaults.Telemetry;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Kafka producers and consumers as singletons, with Aspire.Confluent.Kafka's names, configuration
/// sections and health checks, plus AiMesh's defaults (<see cref="KafkaDefaults"/>) and W3C trace context
/// in message headers.
/// </summary>
public static class KafkaHostingExtensions
{
    private const string ProducerHealthCheckName = "Aspire.Confluent.Kafka.Producer";
    private const string ConsumerHealthCheckName = "Aspire.Confluent.Kafka.Consumer";

    /// <summary>
    /// Registers a singleton <see cref="IProducer{TKey,TValue}"/> for the bootstrap servers in
    /// <c>ConnectionStrings:{connectionName}</c>. The instance traces each produce ("{topic} publish")
    /// and writes the trace context into the message headers. Its errors are always logged; an error
    /// handler set in <paramref name="configureBuilder"/> is called as well.
    /// </summary>
    public static void AddKafkaProducer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<KafkaProducerSettings>? configureSettings = null,
        Action<ProducerBuilder<TKey, TValue>>? configureBuilder = null) =>
        AddProducer(builder, connectionName, serviceKey: null, configureSettings, Ignore(configureBuilder));

    /// <inheritdoc cref="AddKafkaProducer{TKey, TValue}(IHostApplicationBuilder, string, Action{KafkaProducerSettings}?, Action{ProducerBuilder{TKey, TValue}}?)"/>
    public static void AddKafkaProducer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<KafkaProducerSettings>? configureSettings,
        Action<IServiceProvider, ProducerBuilder<TKey, TValue>>? configureBuilder) =>
        AddProducer(builder, connectionName, serviceKey: null, configureSettings, configureBuilder);

    /// <summary>As <c>AddKafkaProducer</c>, registered under the key <paramref name="name"/>.</summary>
    public static void AddKeyedKafkaProducer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string name,
        Action<KafkaProducerSettings>? configureSettings = null,
        Action<ProducerBuilder<TKey, TValue>>? configureBuilder = null) =>
        AddProducer(builder, name, serviceKey: name, configureSettings, Ignore(configureBuilder));

    /// <inheritdoc cref="AddKeyedKafkaProducer{TKey, TValue}(IHostApplicationBuilder, string, Action{KafkaProducerSettings}?, Action{ProducerBuilder{TKey, TValue}}?)"/>
    public static void AddKeyedKafkaProducer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string name,
        Action<KafkaProducerSettings>? configureSettings,
        Action<IServiceProvider, ProducerBuilder<TKey, TValue>>? configureBuilder) =>
        AddProducer(builder, name, serviceKey: name, configureSettings, configureBuilder);

    /// <summary>
    /// Registers a singleton <see cref="IConsumer{TKey,TValue}"/> for the bootstrap servers in
    /// <c>ConnectionStrings:{connectionName}</c>; <c>Config:GroupId</c> is required. Call
    /// <c>StoreOffset</c> after handling each message (see <see cref="KafkaConsumerSettings"/>), and
    /// <c>Close()</c> when the consume loop ends so the group rebalances at once.
    /// </summary>
    public static void AddKafkaConsumer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<KafkaConsumerSettings>? configureSettings = null,
        Action<ConsumerBuilder<TKey, TValue>>? configureBuilder = null) =>
        AddConsumer(builder, connectionName, serviceKey: null, configureSettings, Ignore(configureBuilder));

    /// <inheritdoc cref="AddKafkaConsumer{TKey, TValue}(IHostApplicationBuilder, string, Action{KafkaConsumerSettings}?, Action{ConsumerBuilder{TKey, TValue}}?)"/>
    public static void AddKafkaConsumer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<KafkaConsumerSettings>? configureSettings,
        Action<IServiceProvider, ConsumerBuilder<TKey, TValue>>? configureBuilder) =>
        AddConsumer(builder, connectionName, serviceKey: null, configureSettings, configureBuilder);

    /// <summary>As <c>AddKafkaConsumer</c>, registered under the key <paramref name="name"/>.</summary>
    public static void AddKeyedKafkaConsumer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string name,
        Action<KafkaConsumerSettings>? configureSettings = null,
        Action<ConsumerBuilder<TKey, TValue>>? configureBuilder = null) =>
        AddConsumer(builder, name, serviceKey: name, configureSettings, Ignore(configureBuilder));

    /// <inheritdoc cref="AddKeyedKafkaConsumer{TKey, TValue}(IHostApplicationBuilder, string, Action{KafkaConsumerSettings}?, Action{ConsumerBuilder{TKey, TValue}}?)"/>
    public static void AddKeyedKafkaConsumer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string name,
        Action<KafkaConsumerSettings>? configureSettings,
        Action<IServiceProvider, ConsumerBuilder<TKey, TValue>>? configureBuilder) =>
        AddConsumer(builder, name, serviceKey: name, configureSettings, configureBuilder);

    private static void AddProducer<TKey, TValue>(
        IHostApplicationBuilder builder,
        string connectionName,
        string? serviceKey,
        Action<KafkaProducerSettings>? configureSettings,
        Action<IServiceProvider, ProducerBuilder<TKey, TValue>>? configureBuilder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        // Before any client exists: which librdkafka the process loads is decided by its first call.
        BundledLibrdkafka.Register(typeof(Library).Assembly);

        var settings = KafkaSettingsReader.ReadProducer(builder.Configuration, connectionName, configureSettings);
        if (!settings.DisableMetrics)
        {
            settings.Config.StatisticsIntervalMs ??= KafkaDefaults.StatisticsIntervalMs;
        }

        IProducer<TKey, TValue> Create(IServiceProvider services)
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(KafkaClientLogging.Category);
            var producerBuilder = new LoggingProducerBuilder<TKey, TValue>(
                new ProducerConfig(Copy(settings.Config)),
                (client, error) => KafkaClientLogging.Error(logger, client.Name, error));
            configureBuilder?.Invoke(services, producerBuilder);

            TrySet(() => producerBuilder.SetLogHandler((_, message) => KafkaClientLogging.Log(logger, message)));
            if (!settings.DisableMetrics)
            {
                TrySet(() => producerBuilder.SetStatisticsHandler((_, json) => KafkaStatisticsMetrics.Record(json)));
            }

            var producer = producerBuilder.Build();
            return settings.DisableTracing
                ? producer
                : new InstrumentedProducer<TKey, TValue>(producer, settings.Config.EnableDeliveryReports ?? true);
        }

        Register(builder.Services, serviceKey, Create);
        AddTelemetry(builder.Services, settings.DisableTracing, settings.DisableMetrics);
        if (!settings.DisableHealthChecks)
        {
            AddHealthCheck<IProducer<TKey, TValue>>(builder.Services, ProducerHealthCheckName, serviceKey, settings.HealthCheckTimeout);
        }
    }

    private static void AddConsumer<TKey, TValue>(
        IHostApplicationBuilder builder,
        string connectionName,
        string? serviceKey,
        Action<KafkaConsumerSettings>? configureSettings,
        Action<IServiceProvider, ConsumerBuilder<TKey, TValue>>? configureBuilder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        // Before any client exists: which librdkafka the process loads is decided by its first call.
        BundledLibrdkafka.Register(typeof(Library).Assembly);

        var settings = KafkaSettingsReader.ReadConsumer(builder.Configuration, connectionName, configureSettings);
        if (!settings.DisableMetrics)
        {
            settings.Config.StatisticsIntervalMs ??= KafkaDefaults.StatisticsIntervalMs;
        }

        IConsumer<TKey, TValue> Create(IServiceProvider services)
        {
            var consumerBuilder = new ConsumerBuilder<TKey, TValue>(new ConsumerConfig(Copy(settings.Config)));
            configureBuilder?.Invoke(services, consumerBuilder);

            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(KafkaClientLogging.Category);
            TrySet(() => consumerBuilder.SetLogHandler((_, message) => KafkaClientLogging.Log(logger, message)));
            TrySet(() => consumerBuilder.SetErrorHandler((client, error) => KafkaClientLogging.Error(logger, client.Name, error)));
            if (!settings.DisableMetrics)
            {
                TrySet(() => consumerBuilder.SetStatisticsHandler((_, json) => KafkaStatisticsMetrics.Record(json)));
            }

            return consumerBuilder.Build();
        }

        Register(builder.Services, serviceKey, Create);
        AddTelemetry(builder.Services, settings.DisableTracing, settings.DisableMetrics);
        if (!settings.DisableHealthChecks)
        {
            AddHealthCheck<IConsumer<TKey, TValue>>(builder.Services, ConsumerHealthCheckName, serviceKey, settings.HealthCheckTimeout);
        }
    }

    private static void Register<TClient>(IServiceCollection services, string? serviceKey, Func<IServiceProvider, TClient> create)
        where TClient : class
    {
        if (serviceKey is null)
        {
            services.AddSingleton(create);
        }
        else
        {
            services.AddKeyedSingleton(serviceKey, (provider, _) => create(provider));
        }
    }

    private static void AddTelemetry(IServiceCollection services, bool disableTracing, bool disableMetrics)
    {
        if (!disableTracing)
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(AiMeshTelemetry.KafkaName));
        }

        if (!disableMetrics)
        {
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(AiMeshTelemetry.KafkaName));
        }
    }

    private static void AddHealthCheck<TClient>(IServiceCollection services, string checkName, string? serviceKey, TimeSpan timeout)
        where TClient : class, IClient
    {
        var name = serviceKey is null ? checkName : $"{checkName}_{serviceKey}";
        services.TryAddHealthCheck(new HealthCheckRegistration(
            name,
            provider => new KafkaHealthCheck(
                () => serviceKey is null ? provider.GetRequiredService<TClient>() : provider.GetRequiredKeyedService<TClient>(serviceKey),
                timeout),
            failureStatus: null,
            tags: null));
    }

    private static Dictionary<string, string> Copy(IEnumerable<KeyValuePair<string, string>> config) =>
        config.ToDictionary(entry => entry.Key, entry => entry.Value);

    /// <summary>
    /// Sets one of our handlers unless the caller's configureBuilder already set its own (Confluent's
    /// builders allow each handler once and throw on a second).
    /// </summary>
    private static void TrySet(Action set)
    {
        try
        {
            set();
        }
        catch (InvalidOperationException)
        {
            // The caller's handler stays.
        }
    }

    private static Action<IServiceProvider, T>? Ignore<T>(Action<T>? configure) =>
        configure is null ? null : (_, target) => configure(target);
}
