using System.Net.Http.Json;
using AiMesh.Hosting.ApplicationModel;
using AiMesh.Hosting.Testing;
using AiMesh.Redis;
using Confluent.Kafka;
using Npgsql;

namespace AiMesh.Hosting.Tests;

/// <summary>
/// The AiMesh AppHost's own model, taken over by the testing builder: everything starts on this
/// machine and every server answers through the connection string services would get.
/// </summary>
public sealed class AiMeshModelTests(AiMeshModelTests.AiMeshModel model) : IClassFixture<AiMeshModelTests.AiMeshModel>
{
    [Fact]
    public async Task Redis_answers_with_its_generated_password()
    {
        var connectionString = await model.App.GetConnectionStringAsync("redis").DefaultTimeout();
        await using var redis = new RedisClient(RedisConnectionOptions.Parse(connectionString!));

        await redis.SetAsync("aimesh:test", "hello", TimeSpan.FromMinutes(1)).DefaultTimeout();

        Assert.Equal("hello", await redis.GetStringAsync("aimesh:test").DefaultTimeout());
        var withoutPassword = RedisConnectionOptions.Parse(connectionString!.Split(',')[0]);
        await using var anonymous = new RedisClient(withoutPassword);
        await Assert.ThrowsAsync<RedisServerException>(() => anonymous.GetStringAsync("aimesh:test")).DefaultTimeout();
    }

    [Fact]
    public async Task PostgreSQL_serves_the_aimesh_database()
    {
        var connectionString = await model.App.GetConnectionStringAsync("aimesh").DefaultTimeout();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().DefaultTimeout();
        await using var command = new NpgsqlCommand("SELECT current_database(), current_user", connection);
        await using var reader = await command.ExecuteReaderAsync().DefaultTimeout();

        Assert.True(await reader.ReadAsync().DefaultTimeout());
        Assert.Equal("aimesh", reader.GetString(0));
        Assert.Equal("postgres", reader.GetString(1));
        Assert.Matches("^Host=127.0.0.1;Port=\\d+;Username=postgres;Password=[A-Za-z0-9]{22};Database=aimesh$", connectionString);
    }

    [Fact]
    public async Task Kafka_carries_messages_on_the_model_s_topics()
    {
        var bootstrap = await model.App.GetConnectionStringAsync("kafka").DefaultTimeout();
        Assert.Equal(3, bootstrap!.Split(',').Length);

        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrap, Acks = Acks.All, EnableIdempotence = true }).Build();
        var id = Guid.NewGuid().ToString();
        var delivery = await producer.ProduceAsync("data-topic", new Message<string, string> { Key = id, Value = "hello" }).DefaultTimeout();
        Assert.Equal(PersistenceStatus.Persisted, delivery.Status);

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "aimesh-model-test",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            SessionTimeoutMs = 6000,
            FetchWaitMaxMs = 20,
        }).Build();
        consumer.Subscribe("data-topic");
        var received = await Task.Run(() =>
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { } result && result.Message.Key == id)
                {
                    return result.Message.Value;
                }
            }

            return null;
        }).DefaultTimeout();
        consumer.Close();

        Assert.Equal("hello", received);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(5));
        Assert.Equal(8, metadata.Topics.Single(t => t.Topic == "data-topic").Partitions.Count);
        Assert.Equal(8, metadata.Topics.Single(t => t.Topic == "result-topic").Partitions.Count);
    }

    [Fact]
    public async Task The_status_API_reports_every_resource_healthy_and_the_dev_broker_as_not_durable()
    {
        using var http = new HttpClient { BaseAddress = model.App.StatusApiUrl };
        var status = await http.GetFromJsonAsync<Status.V1.StatusDto>("/api/v1/status").DefaultTimeout();

        Assert.Equal("Healthy", status!.State);
        Assert.Equal(
            ["kafka", "redis", "postgres", "aimesh", "ai", "results", "ingest", "inference", "web"],
            status.Resources.Where(r => r.Kind != "Parameter").Select(r => r.Name));
        Assert.Equal(4, status.Resources.Single(r => r.Name == "ai").Replicas.Count);
        Assert.Equal(4, status.Resources.Single(r => r.Name == "inference").Replicas.Count);
        Assert.All(status.Resources, r => Assert.Equal("Healthy", r.State));
        var kafka = status.Resources.Single(r => r.Name == "kafka");
        Assert.Contains(kafka.Notes, n => n.Contains("NOT durable", StringComparison.Ordinal));
        Assert.All(status.Resources.SelectMany(r => r.Replicas), r => Assert.NotNull(r.Pid));
        Assert.Contains("not durable", string.Join('\n', model.App.ResourceLogs.GetRecent("kafka", 50).Select(l => l.Text)), StringComparison.OrdinalIgnoreCase);
    }

    public sealed class AiMeshModel : IAsyncLifetime
    {
        private DistributedApplication? _app;

        public DistributedApplication App => _app ?? throw new InvalidOperationException("Not started.");

        public async ValueTask InitializeAsync()
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AiMesh_AppHost>().DefaultTimeout();
            _app = await builder.BuildAsync().DefaultTimeout();
            await _app.StartAsync().DefaultTimeout();
            foreach (var resource in _app.Resources.Where(r => r is not ParameterResource))
            {
                await _app.WaitForHealthyAsync(resource.Name, TimeSpan.FromMinutes(3)).DefaultTimeout(TimeSpan.FromMinutes(3));
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }
    }
}
