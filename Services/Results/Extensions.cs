using AiMesh.Contracts;
using AiMesh.Results.Apis;
using AiMesh.Results.Broadcasting;
using AiMesh.Results.Consuming;
using AiMesh.Results.Health;
using AiMesh.Results.Storage;
using AiMesh.Results.Storage.Migrations;
using AiMesh.Results.Telemetry;
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
    /// WebSocket broadcaster, health checks, metrics and <see cref="ResultsOptions"/>.
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

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ResultsMetrics>();
        services.AddSingleton<ResultStore>();
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<MigrationState>();
        services.AddSingleton<ConsumerStatus>();
        services.AddSingleton<ResultBroadcaster>();

        // The migration starts first; the consumer also waits for it before it reads a message.
        services.AddHostedService<MigrationService>();
        services.AddHostedService<ResultConsumer>();

        services.AddHealthChecks()
            .AddCheck<MigrationHealthCheck>(MigrationHealthCheck.Name)
            .AddCheck<ConsumerHealthCheck>(ConsumerHealthCheck.Name);

        return builder;
    }

    /// <summary>
    /// <c>/api/results</c> and the <c>/ws/results</c> WebSocket (which needs <c>app.UseWebSockets()</c>).
    /// </summary>
    public static IEndpointRouteBuilder MapResultsEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.MapResultsApi();
        app.MapResultStream();
        return app;
    }
}
