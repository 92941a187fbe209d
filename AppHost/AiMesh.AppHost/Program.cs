var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure. Each runs on this machine (Kafka as the in-memory dev broker) unless
// ConnectionStrings:{name} in the AppHost's configuration points at an existing server.
builder.AddKafka("kafka")
    .WithTopic("data-topic", partitions: 8)
    .WithTopic("result-topic", partitions: 8);

builder.AddRedis("redis");

builder.AddPostgres("postgres")
    .AddDatabase("aimesh");

builder.Build().Run();
