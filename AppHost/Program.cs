var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure. Each runs on this machine (Kafka as the in-memory dev broker) unless
// ConnectionStrings:{name} in the AppHost's configuration points at an existing server.
// A message that cannot be handled goes to its topic's .dlq, with why in its headers, and can be replayed.
var kafka = builder.AddKafka("kafka")
    .WithTopic("data-topic", partitions: 8)
    .WithTopic("result-topic", partitions: 8)
    .WithTopic("data-topic.dlq", partitions: 1)
    .WithTopic("result-topic.dlq", partitions: 1);

// Local redis-server and PostgreSQL in run mode (no container runtime needed), Aspire's containers in the
// manifest, or the configured ConnectionStrings:redis / ConnectionStrings:aimesh; passwords are generated secrets.
var redis = builder.AddRedisServer("redis");

var database = builder.AddPostgresDatabase(serverName: "postgres", databaseName: "aimesh");

// How long Inference keeps an answer in Redis (a TimeSpan, d.hh:mm:ss); Parameters:cache-ttl overrides it.
var cacheTtl = builder.AddParameter("cache-ttl", "01:00:00");

// The pipeline: Ingest → data-topic → Inference ⇄ Ai → result-topic → Results → Web.
var ai = builder.AddProject<Projects.AiMesh_Ai>("ai")
    .WithReplicas(4)
    .WithHttpHealthCheck("/health");

var results = builder.AddProject<Projects.AiMesh_Results>("results")
    .WithReference(kafka)
    .WithReference(database)
    .WaitFor(kafka)
    .WaitFor(database)
    .WithHttpHealthCheck("/health");

var ingest = builder.AddProject<Projects.AiMesh_Ingest>("ingest")
    .WithExternalHttpEndpoints()
    .WithReference(kafka)
    .WithReference(results)
    .WaitFor(kafka)
    .WithHttpHealthCheck("/health");

// No WaitFor(redis): the cache is optional, and Inference works (uncached) while Redis is away.
builder.AddProject<Projects.AiMesh_Inference>("inference")
    .WithReplicas(4)
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

builder.Build().Run();
