using System.Diagnostics;
using System.Globalization;
using System.Text;
using AiMesh.ServiceDefaults.Telemetry;
using Confluent.Kafka;

namespace AiMesh.ServiceDefaults.Kafka;

/// <summary>
/// The <c>AiMesh.Kafka</c> ActivitySource, the OpenTelemetry messaging tags, and W3C trace context
/// carried in message headers through <see cref="DistributedContextPropagator.Current"/>
/// (<c>traceparent</c>, <c>tracestate</c>, <c>baggage</c>).
/// </summary>
internal static class KafkaTracing
{
    public static readonly ActivitySource Source = new(AiMeshTelemetry.KafkaName);

    public static Activity? StartPublish(string topic, Partition? partition, Headers headers, string clientId)
    {
        var activity = Source.StartActivity($"{topic} publish", ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.operation.name", "publish");
            activity.SetTag("messaging.destination.name", topic);
            activity.SetTag("messaging.client.id", clientId);
            if (partition is { IsSpecial: false } fixedPartition)
            {
                activity.SetTag("messaging.destination.partition.id", fixedPartition.Value.ToString(CultureInfo.InvariantCulture));
            }
        }

        // Without a listener there is no publish activity, but the caller's context still travels.
        Inject(activity ?? Activity.Current, headers);
        return activity;
    }

    public static void Delivered(Activity? activity, TopicPartitionOffset delivered)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetTag("messaging.destination.partition.id", delivered.Partition.Value.ToString(CultureInfo.InvariantCulture));
        activity.SetTag("messaging.kafka.offset", delivered.Offset.Value);
    }

    public static void Failed(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("error.type", exception is KafkaException kafka ? kafka.Error.Code.ToString() : exception.GetType().FullName);
        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
    }

    public static Activity? StartProcess(string topic, Partition partition, Offset offset, Headers? headers, string? consumerGroup)
    {
        var parent = Extract(headers, out var baggage);
        var activity = Source.StartActivity($"{topic} process", ActivityKind.Consumer, parent);
        if (activity is null)
        {
            return null;
        }

        foreach (var (key, value) in baggage)
        {
            activity.AddBaggage(key, value);
        }

        if (activity.IsAllDataRequested)
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.operation.name", "process");
            activity.SetTag("messaging.destination.name", topic);
            activity.SetTag("messaging.destination.partition.id", partition.Value.ToString(CultureInfo.InvariantCulture));
            activity.SetTag("messaging.kafka.offset", offset.Value);
            if (!string.IsNullOrEmpty(consumerGroup))
            {
                activity.SetTag("messaging.consumer.group.name", consumerGroup);
            }
        }

        return activity;
    }

    public static ActivityContext Extract(Headers? headers, out IEnumerable<KeyValuePair<string, string?>> baggage)
    {
        baggage = [];
        if (headers is null || headers.Count == 0)
        {
            return default;
        }

        var propagator = DistributedContextPropagator.Current;
        propagator.ExtractTraceIdAndState(headers, ReadHeader, out var traceParent, out var traceState);
        baggage = propagator.ExtractBaggage(headers, ReadHeader) ?? [];
        return ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context) ? context : default;
    }

    private static void Inject(Activity? activity, Headers headers)
    {
        if (activity is null)
        {
            return;
        }

        DistributedContextPropagator.Current.Inject(activity, headers, static (carrier, name, value) =>
        {
            if (carrier is Headers target && value is not null)
            {
                target.Remove(name);
                target.Add(name, Encoding.UTF8.GetBytes(value));
            }
        });
    }

    private static void ReadHeader(object? carrier, string name, out string? value, out IEnumerable<string>? values)
    {
        values = null;
        value = carrier is Headers headers && headers.TryGetLastBytes(name, out var bytes) && bytes is not null
            ? Encoding.UTF8.GetString(bytes)
            : null;
    }
}
