using System.Diagnostics;
using AiMesh.AppHost.Tests.Infrastructure;
using Confluent.Kafka;

namespace AiMesh.AppHost.Tests.Kafka;

/// <summary>The dev broker as an Aspire resource: healthy, at fixed addresses, and back after a crash.</summary>
public sealed class DevBrokerResourceTests
{
    private const string Topic = "restart-topic";

    [Fact]
    public async Task A_killed_dev_broker_is_restarted_at_the_same_addresses_and_existing_clients_deliver_again()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var builder = LocalInfrastructureApp.CreateBuilder();
        builder.AddKafka("kafka").WithTopic(Topic, partitions: 3);
        builder.AddRestartPolicy();
        await using var app = await builder.BuildAsync(cancellationToken).DefaultTimeout();
        await using var resources = new AppResources(app);
        await app.StartAsync(cancellationToken).DefaultTimeout();
        await app.ResourceNotifications.WaitForResourceHealthyAsync("kafka", cancellationToken).DefaultTimeout();

        var bootstrapServers = await app.GetConnectionStringAsync("kafka", cancellationToken).DefaultTimeout();
        Assert.Equal(3, bootstrapServers!.Split(',').Length);
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrapServers }).Build();
        var before = await producer.ProduceAsync(Topic, new Message<string, string> { Key = "k", Value = "before" }, cancellationToken).DefaultTimeout();
        Assert.Equal(PersistenceStatus.Persisted, before.Status);

        var broker = await WaitForProcessAsync(resources, previous: null);
        Process.GetProcessById(broker.Pid).Kill();
        var restarted = await WaitForProcessAsync(resources, previous: broker);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("kafka", cancellationToken).DefaultTimeout();

        var after = await producer.ProduceAsync(Topic, new Message<string, string> { Key = "k", Value = "after" }, cancellationToken)
            .DefaultTimeout(TimeSpan.FromSeconds(30));
        Assert.Equal(PersistenceStatus.Persisted, after.Status);
        Assert.Equal(0, after.Offset.Value); // In-memory: the restarted cluster starts empty.
        Assert.Equal(bootstrapServers, await app.GetConnectionStringAsync("kafka", cancellationToken).DefaultTimeout());
        Assert.NotEqual(broker, restarted);
        Assert.Equal("1", resources.Replicas("kafka").Single().Snapshot.Properties.Single(p => p.Name == "aimesh.restarts").Value?.ToString());
    }

    private static async Task<AppProcess> WaitForProcessAsync(AppResources resources, AppProcess? previous)
    {
        AppProcess? current = null;
        await AsyncTestHelpers.WaitUntilAsync(
            () =>
            {
                current = resources.Processes().SingleOrDefault(process => process.Resource == "kafka");
                return current is not null && current != previous;
            },
            TimeSpan.FromSeconds(60));
        return current!;
    }
}
