using System.Diagnostics;
using Confluent.Kafka;

namespace AiMesh.ServiceDefaults.Kafka;

/// <summary>
/// The producer <c>AddKafkaProducer</c> registers: every produce starts a "{topic} publish" producer
/// activity and writes the trace context into the message's headers (creating them if needed), then
/// defers to the real producer. Disposal flushes what is still queued, briefly, before closing.
/// </summary>
internal sealed class InstrumentedProducer<TKey, TValue>(IProducer<TKey, TValue> inner, bool deliveryReportsEnabled) : IProducer<TKey, TValue>
{
    private static readonly TimeSpan s_flushOnDispose = TimeSpan.FromSeconds(5);

    public Handle Handle => inner.Handle;

    public string Name => inner.Name;

    public int AddBrokers(string brokers) => inner.AddBrokers(brokers);

    public void SetSaslCredentials(string username, string password) => inner.SetSaslCredentials(username, password);

    public Task<DeliveryResult<TKey, TValue>> ProduceAsync(string topic, Message<TKey, TValue> message, CancellationToken cancellationToken = default) =>
        ProduceAsync(topic, partition: null, message, cancellationToken);

    public Task<DeliveryResult<TKey, TValue>> ProduceAsync(TopicPartition topicPartition, Message<TKey, TValue> message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topicPartition);
        return ProduceAsync(topicPartition.Topic, topicPartition.Partition, message, cancellationToken);
    }

    public void Produce(string topic, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null) =>
        Produce(topic, partition: null, message, deliveryHandler);

    public void Produce(TopicPartition topicPartition, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null)
    {
        ArgumentNullException.ThrowIfNull(topicPartition);
        Produce(topicPartition.Topic, topicPartition.Partition, message, deliveryHandler);
    }

    public int Poll(TimeSpan timeout) => inner.Poll(timeout);

    public int Flush(TimeSpan timeout) => inner.Flush(timeout);

    public void Flush(CancellationToken cancellationToken = default) => inner.Flush(cancellationToken);

    public void InitTransactions(TimeSpan timeout) => inner.InitTransactions(timeout);

    public void BeginTransaction() => inner.BeginTransaction();

    public void CommitTransaction(TimeSpan timeout) => inner.CommitTransaction(timeout);

    public void CommitTransaction() => inner.CommitTransaction();

    public void AbortTransaction(TimeSpan timeout) => inner.AbortTransaction(timeout);

    public void AbortTransaction() => inner.AbortTransaction();

    public void SendOffsetsToTransaction(IEnumerable<TopicPartitionOffset> offsets, IConsumerGroupMetadata groupMetadata, TimeSpan timeout) =>
        inner.SendOffsetsToTransaction(offsets, groupMetadata, timeout);

    public void Dispose()
    {
        try
        {
            inner.Flush(s_flushOnDispose);
        }
        catch (KafkaException)
        {
            // Shutting down: whatever could not be delivered in time is lost either way.
        }
        finally
        {
            inner.Dispose();
        }
    }

    private async Task<DeliveryResult<TKey, TValue>> ProduceAsync(string topic, Partition? partition, Message<TKey, TValue> message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Headers ??= [];
        using var activity = KafkaTracing.StartPublish(topic, partition, message.Headers, Name);
        try
        {
            var result = partition is { } fixedPartition
                ? await inner.ProduceAsync(new TopicPartition(topic, fixedPartition), message, cancellationToken).ConfigureAwait(false)
                : await inner.ProduceAsync(topic, message, cancellationToken).ConfigureAwait(false);
            KafkaTracing.Delivered(activity, result.TopicPartitionOffset);
            return result;
        }
        catch (Exception exception)
        {
            KafkaTracing.Failed(activity, exception);
            throw;
        }
    }

    private void Produce(string topic, Partition? partition, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Headers ??= [];

        // This method returns before delivery, so the publish activity must not stay current on the
        // caller's thread: it ends in the delivery callback, on librdkafka's poll thread.
        var callerActivity = Activity.Current;
        var activity = KafkaTracing.StartPublish(topic, partition, message.Headers, Name);
        Activity.Current = callerActivity;

        var handler = activity is null || !deliveryReportsEnabled
            ? deliveryHandler
            : report =>
            {
                if (report.Error.IsError)
                {
                    KafkaTracing.Failed(activity, new KafkaException(report.Error));
                }
                else
                {
                    KafkaTracing.Delivered(activity, report.TopicPartitionOffset);
                }

                Stop(activity);
                deliveryHandler?.Invoke(report);
            };

        try
        {
            if (partition is { } fixedPartition)
            {
                inner.Produce(new TopicPartition(topic, fixedPartition), message, handler);
            }
            else
            {
                inner.Produce(topic, message, handler);
            }
        }
        catch (Exception exception)
        {
            KafkaTracing.Failed(activity, exception);
            Stop(activity);
            throw;
        }

        if (!deliveryReportsEnabled)
        {
            // No report will come: the activity covers the enqueue only.
            Stop(activity);
        }
    }

    private static void Stop(Activity? activity)
    {
        if (activity is null)
        {
            return;
        }

        // Stopping makes the activity's parent current on this thread; keep this thread's own context.
        var current = Activity.Current;
        activity.Dispose();
        Activity.Current = current;
    }
}
