using AiMesh.Contracts;
using AiMesh.Results.Apis;
using AiMesh.Results.Broadcasting;
using AiMesh.Results.Consuming;
using AiMesh.Results.Health;
using AiMesh.Results.Storage;
using AiMesh.Results.Storage.Migrations;
using AiMesh.Results.Telemetry;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiMesh.Results;

/// <summary>The Results service's registrations and endpoints.</summary>
public static class Extensions
{
    /// <summary>The connection string name of the PostgreSQL database (the AppHost's <c>aimesh</c>).</summary>
    public const string DatabaseConnectionName = "aimesh";

    /// <summary>The connection string name of the Kafka cluster.</summary>
    public const string KafkaConnectionName = "kafka";

    /// <summary>
    /// PostgreSQL, the <see cref="Topics.Results"/> consumer, the migration that runs before it, the
    /// <see cref="Topics.Answers"/> relay, the WebSocket broadcasters, health checks, metrics and
    /// <see cref="ResultsOptions"/>.
    /// </summary>
    public static IHostApplicationBuilder AddResultsServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddOptions<ResultsOptions>().BindConfiguration(ResultsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ResultsOptions>, ResultsOptionsValidator>();
        services.AddProblemDetails();
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default));

        builder.AddNpgsqlDataSource(DatabaseConnectionName);
        // Bytes, not InferenceResult: reading a message is part of handling it, so one that cannot be read
        // is dead-lettered with its bytes exactly as they came.
        builder.AddKafkaConsumer<byte[]?, byte[]?>(
            KafkaConnectionName,
            settings => settings.Config.GroupId ??= ResultConsumer.GroupId);
        builder.AddKafkaDeadLetters(KafkaConnectionName);
        AddAnswerConsumer(builder);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ResultsMetrics>();
        services.AddSingleton<ResultStore>();
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<MigrationState>();
        services.AddSingleton<ConsumerStatus>();
        services.AddSingleton<ResultBatchHandler>();
        services.AddSingleton(BroadcastStreams.Results);
        services.AddSingleton(BroadcastStreams.Answers);
        services.AddSingleton<WebSocketBroadcaster<InferenceResult>>();
        services.AddSingleton<WebSocketBroadcaster<AnswerChunk>>();

        // The migration starts first; the consumer also waits for it before it reads a message. The
        // relay stores nothing and starts at once.
        services.AddHostedService<MigrationService>();
        services.AddHostedService<ResultConsumer>();
        services.AddHostedService<AnswerRelay>();

        services.AddHealthChecks()
            .AddCheck<MigrationHealthCheck>(MigrationHealthCheck.Name)
            .AddCheck<ConsumerHealthCheck>(ConsumerHealthCheck.Name);

        return builder;
    }

    /// <summary>
    /// <c>/api/results</c> and the <c>/ws/results</c> and <c>/ws/answers</c> WebSockets (which need
    /// <c>app.UseWebSockets()</c>).
    /// </summary>
    public static IEndpointRouteBuilder MapResultsEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.MapResultsApi();
        app.MapBroadcastStream(BroadcastStreams.Results);
        app.MapBroadcastStream(BroadcastStreams.Answers);
        return app;
    }

    /// <summary>
    /// The <see cref="AnswerRelay"/>'s consumer: the same cluster as result-topic's, told apart in DI by
    /// its key type (<see cref="Ignore"/>: each piece carries its id). It has its own group,
    /// <c>Results:AnswerGroupId</c>, set even over a group id configured for the connection, which is
    /// result-topic's. It commits nothing and starts at the newest piece: pieces are worth something
    /// only while their answer is being written, so a restarted Results never replays old ones.
    /// </summary>
    private static void AddAnswerConsumer(IHostApplicationBuilder builder)
    {
        // Read here, before options exist: the client's settings are fixed at registration. A blank
        // value keeps the default here and fails startup in ResultsOptionsValidator, naming the key.
        var configured = builder.Configuration[$"{ResultsOptions.SectionName}:{nameof(ResultsOptions.AnswerGroupId)}"];
        var groupId = string.IsNullOrWhiteSpace(configured) ? ResultsOptions.DefaultAnswerGroupId : configured;

        builder.AddKafkaConsumer<Ignore, byte[]?>(
            KafkaConnectionName,
            settings =>
            {
                settings.Config.GroupId = groupId;
                settings.Config.AutoOffsetReset = AutoOffsetReset.Latest;
                settings.Config.EnableAutoCommit = false;
            });
    }
}
