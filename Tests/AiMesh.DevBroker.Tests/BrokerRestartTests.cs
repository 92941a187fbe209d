using AiMesh.DevBroker.Tests.TestSupport;
using Confluent.Kafka;

namespace AiMesh.DevBroker.Tests;

/// <summary>A dev broker that crashed and was started again on the same ports is found again by existing clients.</summary>
public sealed class BrokerRestartTests
{
    [Fact]
    public async Task An_existing_producer_delivers_again_after_the_broker_is_killed_and_restarted_on_the_same_ports()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var plan = BrokerPlan.OnFreePorts(3, "restart-topic:3");
        using var producer = new ProducerBuilder<string, string>(KafkaClients.Producer(plan.BootstrapServers)).Build();

        await using (var first = await DevBrokerProcess.StartHealthyAsync(plan, cancellationToken))
        {
            var before = await producer.ProduceAsync("restart-topic", new Message<string, string> { Key = "k", Value = "before" }, cancellationToken).DefaultTimeout();
            Assert.Equal(PersistenceStatus.Persisted, before.Status);
            first.Signal("KILL");
            await first.WaitForExitAsync(cancellationToken).DefaultTimeout();
        }

        await using var second = await DevBrokerProcess.StartHealthyAsync(plan, cancellationToken);

        // The default message timeout (300 s) covers the reconnect; the test bounds it far lower.
        var after = await producer.ProduceAsync("restart-topic", new Message<string, string> { Key = "k", Value = "after" }, cancellationToken)
            .DefaultTimeout(TimeSpan.FromSeconds(30));

        Assert.Equal(PersistenceStatus.Persisted, after.Status);
        Assert.Equal(0, after.Offset.Value); // A new, empty cluster: the data of the first is gone.
    }
}
