var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure. Each runs on this machine as a process (Kafka as the in-memory dev broker), as
// Aspire's container when publishing or with AppHost:UseContainers, or is an existing server when
// ConnectionStrings:{name} is configured. A message that cannot be handled goes to its topic's .dlq.
var kafka = builder.AddKafka("kafka")
    .WithTopic("data-topic", partitions: 8)
    .WithTopic("result-topic", partitions: 8)
    .WithTopic("answer-topic", partitions: 8)
    .WithTopic("data-topic.dlq", partitions: 1)
    .WithTopic("result-topic.dlq", partitions: 1);

var redis = builder.AddRedisServer("redis");

var database = builder.AddPostgresDatabase("postgres", "aimesh");

// How long Inference keeps an answer in Redis (a TimeSpan, d.hh:mm:ss); Parameters:cache-ttl overrides it.
var cacheTtl = builder.AddParameterWithDefault("cache-ttl", "01:00:00");

// The LLM models' OpenAI-compatible endpoint (OpenRouter unless llm-endpoint says otherwise), its key
// (a secret: masked, kept in user secrets, never in the manifest) and the provider model the model
// named 'llm' asks. Without a key everything else runs, and the LLM models say why they cannot answer.
var llmApiKey = builder.AddParameterWithDefault("llm-api-key", "", secret: true);
var llmEndpoint = builder.AddParameterWithDefault("llm-endpoint", "https://openrouter.ai/api/v1/");
var llmModel = builder.AddParameterWithDefault("llm-model", "openai/gpt-4o-mini");

// The pipeline: Ingest → data-topic → Inference ⇄ Ai → result-topic → Results → Web, and an LLM's
// answer as it arrives: Inference → answer-topic → Results → Web. Two replicas each of Inference and Ai:
// a replica keeps hundreds of texts in flight and sends Ai batches, so two already keep every core of a
// small machine busy and survive the loss of one; more would add memory and make each batch smaller.
var ai = builder.AddProject<Projects.AiMesh_Ai>("ai")
    .WithReplicas(2)
    .WithEnvironment("Ai__Llm__ApiKey", llmApiKey)
    .WithEnvironment("Ai__Llm__Endpoint", llmEndpoint)
    .WithEnvironment("Ai__Llm__Models__llm__ProviderModel", llmModel)
    .WithHttpHealthCheck("/health");

// Ingest and Results run one replica each, so they listen on their ports themselves: DCP's proxy would
// only add a hop to every request and every pushed result.
var results = builder.AddProject<Projects.AiMesh_Results>("results")
    .WithEndpoint("http", endpoint => endpoint.IsProxied = false)
    .WithReference(kafka)
    .WithReference(database)
    .WaitFor(kafka)
    .WaitFor(database)
    .WithHttpHealthCheck("/health");

// Ingest asks Ai which models exist before it accepts a text naming one.
var ingest = builder.AddProject<Projects.AiMesh_Ingest>("ingest")
    .WithEndpoint("http", endpoint => endpoint.IsProxied = false)
    .WithExternalHttpEndpoints()
    .WithReference(kafka)
    .WithReference(results)
    .WithReference(ai)
    .WaitFor(kafka)
    .WithHttpHealthCheck("/health");

// No WaitFor(redis): the cache is optional, and Inference works (uncached) while Redis is away.
builder.AddProject<Projects.AiMesh_Inference>("inference")
    .WithReplicas(2)
    .WithReference(kafka)
    .WithReference(redis)
    .WithReference(ai)
    .WithEnvironment("Inference__CacheTtl", cacheTtl)
    .WaitFor(kafka)
    .WaitFor(ai)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.AiMesh_Web>("web")
    .WithExternalHttpEndpoints()
    .WithReference(ingest)
    .WithReference(results)
    .WaitFor(ingest)
    .WaitFor(results)
    .WithHttpHealthCheck("/health");

// What Aspire leaves to us: processes that exit unexpectedly come back, projects run without a
// `dotnet run` wrapper, each service samples its own traces (all of them, up to a rate), and the
// console says when everything is healthy and where to go.
builder.AddRestartPolicy();
builder.RunProjectsFromBuildOutput();
builder.UseServiceTraceSampling();
builder.AnnounceWhenReady();

builder.Build().Run();
