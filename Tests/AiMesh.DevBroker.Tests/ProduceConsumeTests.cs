using System.Collections.Concurrent;
using System.Text;
using AiMesh.DevBroker.Tests.TestSupport;
using Confluent.Kafka;

namespace AiMesh.DevBroker.Tests;

public sealed class ProduceConsumeTests(DevBrokerFixture fixture) : IClassFixture<DevBrokerFixture>
{
    private const int MessageCount = 2000;

    [Fact]
    public async Task A_two_member_group_reads_every_message_of_an_idempotent_producer_exactly_once()
    {
        const string Topic = "group-topic";
        var cancellationToken = TestContext.Current.CancellationToken;
        var groupId = $"group-{Guid.NewGuid():N}";
        var deliveries = new ConcurrentDictionary<string, int>();
        Member[] members = [new(), new()];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(TimeSpan.FromSeconds(40));

        // Members commit before either leaves: a leave starts a rebalance, and the mock
        // refuses commits from the other member until that rebalance is over.
        using var committed = new Barrier(members.Length);

        // Both start together to join in the mock's first rebalance (3 s); a late joiner costs
        // another (session timeout - 1 s). Nothing is produced until both hold partitions, so no
        // message is read in a generation that a late join would end.
        var consuming = members
            .Select(m => Task.Run(() => ConsumeUntilAllDelivered(m, groupId, Topic, deliveries, committed, stop.Token), cancellationToken))
            .ToArray();
        await WaitUntilAsync(() => members.All(m => m.Assignment.Count > 0), consuming, cancellationToken).DefaultTimeout();
        await ProduceKeyedMessagesAsync(Topic, cancellationToken).DefaultTimeout();
        await Task.WhenAll(consuming).DefaultTimeout();

        Assert.Equal(MessageCount, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(1, d.Value));
        Assert.All(members, m => Assert.True(m.Consumed > 0, "each member should have read some messages"));
        Assert.Equal(
            Enumerable.Range(0, DevBrokerFixture.Topics[Topic]),
            members.SelectMany(m => m.EverAssigned).Distinct().Order());
        Assert.Equal(MessageCount, ReadCommittedOffsets(groupId, Topic).Sum(o => o.Offset.Value));
    }

    [Fact]
    public async Task Headers_such_as_traceparent_round_trip()
    {
        const string Topic = "headers-topic";
        const string TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        var cancellationToken = TestContext.Current.CancellationToken;

        using (var producer = new ProducerBuilder<string, string>(KafkaClients.Producer(fixture.BootstrapServers)).Build())
        {
            var headers = new Headers { { "traceparent", Encoding.ASCII.GetBytes(TraceParent) } };
            var delivery = await producer
                .ProduceAsync(Topic, new Message<string, string> { Key = "k", Value = "v", Headers = headers }, cancellationToken)
                .DefaultTimeout();
            Assert.Equal(PersistenceStatus.Persisted, delivery.Status);
        }

        // Assign rather than subscribe: no group join, so no 3 s wait.
        using var consumer = new ConsumerBuilder<string, string>(KafkaClients.Consumer(fixture.BootstrapServers, $"headers-{Guid.NewGuid():N}")).Build();
        consumer.Assign(new TopicPartitionOffset(Topic, 0, Offset.Beginning));
        var result = consumer.Consume(TimeSpan.FromSeconds(10));

        Assert.NotNull(result);
        Assert.Equal("k", result.Message.Key);
        Assert.True(result.Message.Headers.TryGetLastBytes("traceparent", out var value));
        Assert.Equal(TraceParent, Encoding.ASCII.GetString(value));
    }

    private async Task ProduceKeyedMessagesAsync(string topic, CancellationToken cancellationToken)
    {
        var failures = 0;
        using var producer = new ProducerBuilder<string, string>(KafkaClients.Producer(fixture.BootstrapServers)).Build();
        for (var i = 0; i < MessageCount; i++)
        {
            producer.Produce(topic, new Message<string, string> { Key = $"key-{i}", Value = $"value-{i}" }, report =>
            {
                if (report.Error.IsError)
                {
                    Interlocked.Increment(ref failures);
                }
            });
        }

        // Flush blocks, so it runs off the test thread where the timeout can bound it.
        var pending = await Task.Run(() => producer.Flush(TimeSpan.FromSeconds(20)), cancellationToken);
        Assert.Equal(0, pending);
        Assert.Equal(0, failures);
    }

    private void ConsumeUntilAllDelivered(
        Member member, string groupId, string topic, ConcurrentDictionary<string, int> deliveries, Barrier committed, CancellationToken stop)
    {
        using var consumer = new ConsumerBuilder<string, string>(KafkaClients.Consumer(fixture.BootstrapServers, groupId))
            .SetPartitionsAssignedHandler((_, partitions) => member.Assign(partitions.Select(p => p.Partition.Value)))
            .SetPartitionsRevokedHandler((_, _) => member.Assign([]))
            .Build();
        consumer.Subscribe(topic);
        try
        {
            while (deliveries.Count < MessageCount && !stop.IsCancellationRequested)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is not { } result)
                {
                    continue;
                }

                deliveries.AddOrUpdate(result.Message.Key, 1, (_, seen) => seen + 1);
                member.Consumed++;
                consumer.StoreOffset(result);
                if (member.Consumed % 250 == 0)
                {
                    consumer.Commit();
                }
            }

            CommitStoredOffsets(consumer);
            committed.SignalAndWait(TimeSpan.FromSeconds(10), stop);
        }
        finally
        {
            consumer.Close();
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Task[] workers, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            if (workers.FirstOrDefault(w => w.IsCompleted) is { } finished)
            {
                await finished; // Surfaces a worker's exception instead of waiting out the timeout.
                throw new InvalidOperationException("A consumer stopped before the group was formed.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private static void CommitStoredOffsets(IConsumer<string, string> consumer)
    {
        try
        {
            consumer.Commit();
        }
        catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_NoOffset)
        {
            // Everything this member read was committed already.
        }
    }

    // A fresh client of the same group reads the offsets back, as a restarted service would.
    private List<TopicPartitionOffset> ReadCommittedOffsets(string groupId, string topic)
    {
        using var reader = new ConsumerBuilder<string, string>(KafkaClients.Consumer(fixture.BootstrapServers, groupId)).Build();
        var partitions = Enumerable.Range(0, DevBrokerFixture.Topics[topic]).Select(p => new TopicPartition(topic, p));
        return reader.Committed(partitions, TimeSpan.FromSeconds(10));
    }

    private sealed class Member
    {
        private readonly Lock _lock = new();
        private readonly HashSet<int> _everAssigned = [];
        private IReadOnlyList<int> _assignment = [];

        /// <summary>Partitions held now; empty between a revocation and the next assignment.</summary>
        public IReadOnlyList<int> Assignment
        {
            get
            {
                lock (_lock)
                {
                    return _assignment;
                }
            }
        }

        public IReadOnlyList<int> EverAssigned
        {
            get
            {
                lock (_lock)
                {
                    return [.. _everAssigned];
                }
            }
        }

        public int Consumed { get; set; }

        public void Assign(IEnumerable<int> partitions)
        {
            lock (_lock)
            {
                _assignment = [.. partitions];
                _everAssigned.UnionWith(_assignment);
            }
        }
    }
}
