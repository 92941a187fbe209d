using System.Diagnostics.Metrics;
using AiMesh.Contracts;
using AiMesh.Inference.Ai;
using AiMesh.Inference.Caching;
using AiMesh.Inference.Extensions;
using AiMesh.Inference.Processing;
using AiMesh.Inference.Telemetry;
using AiMesh.Inference.Worker;
using AiMesh.ServiceDefaults.Hosting;
using AiMesh.ServiceDefaults.Kafka.DeadLetters;
using AiMesh.Tests.Telemetry;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AiMesh.Inference.Tests.TestSupport;

/// <summary>
/// The worker's processing classes (handlers, processor, cache, answer-piece publisher) wired as the
/// service wires them, minus the consume loop and the HTTP resilience handler (so the processor's own
/// retries are what a test sees), against a real Kafka, a real or absent Redis and a fake Ai server.
/// </summary>
internal sealed class InferenceHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private InferenceHarness(ServiceProvider services, InferenceOptions options, ListLoggerProvider logs)
    {
        _services = services;
        Options = options;
        Logs = logs;
    }

    public InferenceOptions Options { get; }

    public ListLoggerProvider Logs { get; }

    public InferenceHandler Handler => _services.GetRequiredService<InferenceHandler>();

    public AiBatcher Batcher => _services.GetRequiredService<AiBatcher>();

    public MessageProcessor Processor => _services.GetRequiredService<MessageProcessor>();

    public InferenceMetrics Metrics => _services.GetRequiredService<InferenceMetrics>();

    public WorkerStatus Status => _services.GetRequiredService<WorkerStatus>();

    public string InstanceName => _services.GetRequiredService<ServiceInstance>().Name;

    /// <summary>The meters of this harness only.</summary>
    public MetricRecorder StartRecordingMetrics() => new(_services.GetRequiredService<IMeterFactory>());

    /// <summary>Wires the classes; a null <c>redis</c> runs without a cache, as the service does with no Redis configured.</summary>
    public static InferenceHarness Create(
        string bootstrapServers,
        Uri aiAddress,
        ConfigurationOptions? redis,
        Action<InferenceOptions>? configure = null,
        string instanceId = "test",
        IProducer<string, AnswerChunk>? answerChunkProducer = null)
    {
        var options = new InferenceOptions
        {
            CacheTtl = TimeSpan.FromMinutes(10),
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            RetryMaxDelay = TimeSpan.FromMilliseconds(200),
        };
        configure?.Invoke(options);

        var logs = new ListLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddMetrics();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IOptions<InferenceOptions>>(Microsoft.Extensions.Options.Options.Create(options));
        services.AddSingleton(new ServiceInstance("inference", instanceId));
        services.AddSingleton<InferenceMetrics>();
        services.AddSingleton<WorkerStatus>();
        services.AddSingleton<InferenceHandler>();
        services.AddSingleton<AnswerHandler>();
        services.AddSingleton<AnswerChunkPublisher>();
        services.AddSingleton<MessageProcessor>();
        services.AddSingleton(_ => new AiClient(new HttpClient { BaseAddress = aiAddress }));
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<AiAnswerClient>(provider, new HttpClient { BaseAddress = aiAddress }));
        services.AddSingleton<LlmModelNames>();
        services.AddSingleton<AiBatcher>();
        services.AddSingleton(_ => KafkaTestClients.ResultProducer(bootstrapServers));
        services.AddSingleton(_ => answerChunkProducer ?? KafkaTestClients.AnswerChunkProducer(bootstrapServers));
        services.AddSingleton(_ => KafkaTestClients.RawProducer(bootstrapServers));
        services.AddSingleton<DeadLetterPublisher>();
        if (redis is null)
        {
            services.AddSingleton<IAnswerCache, NoAnswerCache>();
        }
        else
        {
            services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));
            services.AddRedisAnswerCache();
        }

        return new InferenceHarness(services.BuildServiceProvider(), options, logs);
    }

    /// <summary>A data-topic message as the consumer would hand it over: Ingest's bytes.</summary>
    public static ConsumeResult<byte[]?, byte[]?> Consumed(TextSubmitted text, int partition = 0, long offset = 0) =>
        Consumed(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(text, ContractsJsonContext.Default.TextSubmitted), text.Id.ToString(), partition, offset);

    /// <summary>A data-topic message holding <paramref name="value"/>, whatever it is.</summary>
    public static ConsumeResult<byte[]?, byte[]?> Consumed(byte[]? value, string key = "key", int partition = 0, long offset = 0) => new()
    {
        TopicPartitionOffset = new TopicPartitionOffset(Topics.Data, partition, offset),
        Message = new Message<byte[]?, byte[]?> { Key = System.Text.Encoding.UTF8.GetBytes(key), Value = value, Headers = [] },
    };

    public static TextSubmitted Text(string text, string? model = null) => new(Guid.NewGuid(), text, DateTimeOffset.UtcNow, model);

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
