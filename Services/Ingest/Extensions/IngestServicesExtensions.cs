using AiMesh.Contracts;
using AiMesh.Ingest.AiModels;
using AiMesh.Ingest.Apis;
using AiMesh.Ingest.Backpressure;
using AiMesh.Ingest.DeadLetters;
using AiMesh.Ingest.Http;
using AiMesh.Ingest.Messaging;
using AiMesh.Ingest.ResultsRelay;
using AiMesh.Ingest.Submissions;
using AiMesh.Ingest.Telemetry;
using Confluent.Kafka;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiMesh.Ingest.Extensions;

/// <summary>Ingest's registrations, on top of <c>AddServiceDefaults()</c>.</summary>
public static class IngestServicesExtensions
{
    /// <summary>The connection string (<c>ConnectionStrings:kafka</c>) that names the Kafka bootstrap servers.</summary>
    public const string KafkaConnectionName = "kafka";

    /// <summary>
    /// Options from <c>Ingest</c> (validated at startup), Kestrel's request body limits, the
    /// <see cref="Topics.Data"/> producer and the watch on whether it reaches Kafka (with its health
    /// check), the watch on how far the pipeline lags (backpressure, from <c>Ingest:Backpressure</c>, with its
    /// gauge), request reading, the Results client, the Ai client with its cached model list and the
    /// model check of submissions, problem details (also for requests Kestrel found broken), JSON
    /// metadata and the OpenAPI document.
    /// </summary>
    public static TBuilder AddIngestServices<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        var services = builder.Services;
        services.AddOptions<IngestOptions>()
            .BindConfiguration(IngestOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IngestOptions>, IngestOptionsValidator>());

        // The producer is configured now, before options exist as a service: read the same section directly.
        var ingest = builder.Configuration.GetSection(IngestOptions.SectionName).Get<IngestOptions>() ?? new IngestOptions();
        builder.AddKafkaProducer<string, TextSubmitted>(
            KafkaConnectionName,
            settings =>
            {
                DataTopicProducer.ApplyPublishTimeout(settings.Config, ingest.PublishTimeout);
                DataTopicProducer.ApplyReconnectBackoff(settings.Config);

                // Kafka's health is KafkaAvailabilityHealthCheck's: the default check asks for metadata,
                // which while every broker is down waits its whole timeout before it says so.
                settings.DisableHealthChecks = true;
            },
            (provider, producer) => DataTopicProducer.Configure(producer, provider.GetRequiredService<KafkaAvailability>()));

        // The dead-letter topics are read and replayed byte for byte, with a group that only marks what was
        // replayed. These clients serve a rare admin request: they are made on first use, and Ingest's
        // health stays KafkaAvailabilityHealthCheck's alone.
        builder.AddKafkaProducer<byte[]?, byte[]?>(KafkaConnectionName, settings => settings.DisableHealthChecks = true);
        builder.AddKafkaConsumer<byte[]?, byte[]?>(KafkaConnectionName, settings =>
        {
            settings.Config.GroupId = DeadLetterQueue.ReplayGroup;
            settings.Config.EnableAutoCommit = false;
            settings.DisableHealthChecks = true;
        });
        services.AddSingleton<DeadLetterQueue>();

        // The pipeline's lag is read through a client of its own, a producer that never produces (PipelineLagReader):
        // not idempotent, so it never asks the broker for a producer id.
        builder.AddKafkaProducer<Null, Null>(KafkaConnectionName, settings =>
        {
            settings.Config.EnableIdempotence = false;
            settings.DisableHealthChecks = true;
            settings.DisableMetrics = true;
            settings.DisableTracing = true;
        });

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<KafkaAvailability>();
        services.AddHostedService<KafkaAvailabilityMonitor>();
        services.AddHealthChecks().AddCheck<KafkaAvailabilityHealthCheck>(KafkaAvailabilityHealthCheck.Name);
        services.AddOptions<BackpressureOptions>()
            .BindConfiguration(BackpressureOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BackpressureOptions>, BackpressureOptionsValidator>());
        services.AddSingleton<PipelineBackpressure>();
        // The reader also reads each group's committed offsets through a consumer of that group it makes itself.
        services.AddSingleton(provider => new PipelineLagReader(
            provider.GetRequiredService<IProducer<Null, Null>>(),
            builder.Configuration.GetConnectionString(KafkaConnectionName)
                ?? throw new InvalidOperationException($"No Kafka bootstrap servers: set the connection string 'ConnectionStrings:{KafkaConnectionName}'."),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<PipelineLagReader>>()));
        services.AddSingleton<IngestMetrics>();
        services.AddHostedService<PipelineLagMonitor>();
        services.AddSingleton<SubmissionReader>();
        services.AddSingleton<TextPublisher>();
        services.AddSingleton<KafkaStatusProbe>();
        services.AddHttpClient<ResultsClient>(http => http.BaseAddress = ResultsClient.BaseAddress);
        services.AddHttpClient(AiModelsClient.HttpClientName, http =>
        {
            http.BaseAddress = AiModelsClient.BaseAddress;
            http.MaxResponseContentBufferSize = AiModelsClient.MaxListBytes;
        });
        services.AddSingleton<AiModelsClient>();
        services.AddSingleton<ModelListCache>();
        services.AddSingleton<ModelChooser>();

        // Kestrel is built with the app, before options are validated at start: the same section again.
        services.Configure<KestrelServerOptions>(kestrel => RequestBodyLimits.Apply(kestrel.Limits, ingest));

        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default);
            options.SerializerOptions.TypeInfoResolverChain.Insert(1, IngestJsonContext.Default);
        });
        services.AddOpenApi();

        return builder;
    }
}
