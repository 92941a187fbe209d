using Confluent.Kafka;

namespace AiMesh.DevBroker.Tests.TestSupport;

/// <summary>
/// A KIP-848 group member polling on its own thread, so tests can watch its assignment change
/// while other members join and leave. Disposing leaves the group gracefully.
/// </summary>
internal sealed class GroupMember : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private int[] _assignment = [];
    private Exception? _failure;

    public GroupMember(string bootstrapServers, string groupId, string topic)
    {
        _thread = new Thread(() => Run(bootstrapServers, groupId, topic)) { IsBackground = true, Name = $"member of {groupId}" };
        _thread.Start();
    }

    /// <summary>Partitions held now, as of the last poll.</summary>
    public IReadOnlyList<int> Assignment => _failure is null ? Volatile.Read(ref _assignment) : throw new InvalidOperationException("The member failed.", _failure);

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(15));
        _stop.Dispose();
    }

    private void Run(string bootstrapServers, string groupId, string topic)
    {
        try
        {
            using var consumer = new ConsumerBuilder<string, string>(KafkaClients.Consumer(bootstrapServers, groupId)).Build();
            consumer.Subscribe(topic);
            while (!_stop.IsCancellationRequested)
            {
                consumer.Consume(TimeSpan.FromMilliseconds(50));
                Volatile.Write(ref _assignment, [.. consumer.Assignment.Select(p => p.Partition.Value).Order()]);
            }

            consumer.Close();
        }
        catch (Exception ex)
        {
            _failure = ex;
        }
    }
}
