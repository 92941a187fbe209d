using AiMesh.Contracts;
using AiMesh.Inference.Ai;
using AiMesh.Inference.Caching;
using AiMesh.Inference.Processing;
using AiMesh.Inference.Telemetry;
using AiMesh.Inference.Worker;
using AiMesh.ServiceDefaults.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AiMesh.Inference.Extensions;

/// <summary>Everything the Inference worker registers besides the service defaults.</summary>
public static class InferenceHostingExtensions
{
    /// <summary>The consumer group all Inference replicas share, so each partition has one owner.</summary>
    public const string ConsumerGroup = ConsumerGroups.Inference;

    /// <summary>What the host's shutdown timeout must leave, beyond the drain, for closing the consumer and the producers' flush.</summary>
    private static readonly TimeSpan s_shutdownBeyondDrain = TimeSpan.FromSeconds(10);

    private const string KafkaConnectionName = "kafka";
    private const string RedisConnectionName = "redis";

    /// <summary>
    /// Options, the answer cache, the Ai clients (one for predictions and the model list, one for streamed
    /// LLM answers), the Kafka consumer and producers, the consume loop and its health check.
    /// </summary>
    public static TBuilder AddInferenceServices<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        var services = builder.Services;
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default);
            json.SerializerOptions.TypeInfoResolverChain.Insert(1, InferenceJsonContext.Default);
        });

        services.AddOptions<InferenceOptions>()
            .BindConfiguration(InferenceOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<InferenceOptions>, InferenceOptionsValidator>();

        // Stopping drains the messages in flight for up to Inference:DrainTimeout; the host must wait that long.
        services.AddOptions<HostOptions>().Configure<IOptions<InferenceOptions>>((host, inference) =>
        {
            var needed = inference.Value.DrainTimeout + s_shutdownBeyondDrain;
            if (host.ShutdownTimeout < needed)
            {
                host.ShutdownTimeout = needed;
            }
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<InferenceMetrics>();

        builder.AddAnswerCache();

        // The handler (a singleton) keeps this client for the life of the process. That is safe here:
        // discovery resolves "ai" to a replica per request, so no address goes stale inside the client.
        services.AddHttpClient<AiClient>(http => http.BaseAddress = AiClient.BaseAddress);

        // LLM answers stream for up to a minute: this client keeps service discovery but not the standard
        // resilience handler (see AiAnswerClient), and HttpClient's own timeout is off because
        // AiAnswerClient times the whole answer, headers and stream, with Inference:AnswerTimeout.
        // EXTEXP0001: RemoveAllResilienceHandlers is marked experimental; it is the way Microsoft's
        // resilience docs give to take the default handler off one client
        // (https://learn.microsoft.com/dotnet/core/resilience/http-resilience#remove-resilience-handlers).
#pragma warning disable EXTEXP0001
        services.AddHttpClient<AiAnswerClient>(http =>
            {
                http.BaseAddress = AiClient.BaseAddress;
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        services.AddSingleton<LlmModelNames>();
        services.AddSingleton<AiBatcher>();

        // A result's key is its text's id, which occurs once: results are placed by a sticky partitioner, so
        // those produced together make one batch. Answer chunks keep the key's partition, as their order counts.
        builder.AddKafkaProducer<string, InferenceResult>(
            KafkaConnectionName,
            configureSettings: null,
            producer => StickyPartitioner.Apply(
                producer.SetValueSerializer(new JsonMessageSerializer<InferenceResult>(ContractsJsonContext.Default.InferenceResult)),
                Topics.Results,
                KafkaDefaults.StickyPartitionWindow));
        // A producer of its own, as its value type differs; it shares the connection's settings and health check.
        builder.AddKafkaProducer<string, AnswerChunk>(
            KafkaConnectionName,
            configureSettings: null,
            producer => producer.SetValueSerializer(new JsonMessageSerializer<AnswerChunk>(ContractsJsonContext.Default.AnswerChunk)));
        // Bytes, not TextSubmitted: reading a message is part of handling it, so a message that cannot be
        // read is dead-lettered like any other that fails, with its bytes exactly as they came.
        builder.AddKafkaConsumer<byte[]?, byte[]?>(
            KafkaConnectionName,
            settings => settings.Config.GroupId ??= ConsumerGroup,
            ConfigureConsumer);
        builder.AddKafkaDeadLetters(KafkaConnectionName);

        services.AddSingleton<PartitionAssignments>();
        services.AddSingleton<OffsetTracker>();
        services.AddSingleton<WorkerStatus>();
        services.AddSingleton<AnswerChunkPublisher>();
        services.AddSingleton<AnswerHandler>();
        services.AddSingleton<InferenceHandler>();
        services.AddSingleton<MessageProcessor>();
        services.AddHostedService<InferenceWorker>();
        services.AddHealthChecks().AddCheck<WorkerHealthCheck>(WorkerHealthCheck.Name);

        return builder;
    }

    /// <summary>Redis when <c>ConnectionStrings:redis</c> is set; otherwise no cache at all.</summary>
    private static void AddAnswerCache(this IHostApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(RedisConnectionName)))
        {
            builder.Services.AddSingleton<IAnswerCache, NoAnswerCache>();
            return;
        }

        // The cache is optional: Aspire's own Redis check would call the replica Unhealthy while Redis
        // is away; ours says Degraded. Its tracing profiles every command, sampled or not, and costs a
        // third of Inference's CPU at full load: RedisTracing traces the cache's commands instead.
        // StackExchange.Redis reads replies on ten threads of its own unless told otherwise: one more
        // thread to wake for many a command. On a 2-core VM, where waking a thread is dear, .NET's own
        // pool took about a tenth less of Inference's CPU a text, measured against the other services
        // in the same run of eng/benchmark.sh (the machine's own speed drifted more than that).
        builder.AddRedisClient(
            RedisConnectionName,
            settings =>
            {
                settings.DisableHealthChecks = true;
                settings.DisableTracing = true;
            },
            options => options.SocketManager = SocketManager.ThreadPool);
        builder.Services.AddRedisAnswerCache();
        builder.Services.AddHealthChecks().AddCheck<RedisCacheHealthCheck>(RedisCacheHealthCheck.Name);
    }

    /// <summary>
    /// The cache over the registered <see cref="StackExchange.Redis.IConnectionMultiplexer"/>: the Redis store, the circuit
    /// breaker around it, and the cache that skips Redis while the breaker is open.
    /// </summary>
    internal static IServiceCollection AddRedisAnswerCache(this IServiceCollection services)
    {
        services.AddSingleton<IAnswerStore, RedisAnswerStore>();
        services.AddSingleton<CacheCircuit>();
        services.AddSingleton<IAnswerCache, CircuitBreakingAnswerCache>();
        return services;
    }

    /// <summary>
    /// The rebalance callbacks (they run on the consume thread, inside Consume or Close). A revoked
    /// partition is still this member's during the callback, so what finished is stored first (librdkafka
    /// commits it on revocation); then its tracking is dropped, and its messages still in flight store
    /// nothing when they finish: the new owner reads them again. A lost partition is someone else's
    /// already, so nothing is stored for it.
    /// </summary>
    private static void ConfigureConsumer(IServiceProvider services, ConsumerBuilder<byte[]?, byte[]?> consumer)
    {
        var assignments = services.GetRequiredService<PartitionAssignments>();
        var offsets = services.GetRequiredService<OffsetTracker>();
        var logger = services.GetRequiredService<ILogger<InferenceWorker>>();
        consumer
            .SetPartitionsAssignedHandler((_, partitions) => assignments.Assigned(partitions))
            .SetPartitionsRevokedHandler((client, partitions) =>
            {
                foreach (var offset in offsets.TakeAdvanced())
                {
                    InferenceWorker.StoreOffset(client, offset, logger);
                }

                Removed(partitions);
            })
            .SetPartitionsLostHandler((_, partitions) => Removed(partitions));

        void Removed(List<TopicPartitionOffset> partitions)
        {
            List<TopicPartition> removed = [.. partitions.Select(partition => partition.TopicPartition)];
            offsets.Forget(removed);
            assignments.Removed(removed);
        }
    }
}
