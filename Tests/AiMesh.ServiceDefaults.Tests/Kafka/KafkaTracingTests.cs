using System.Diagnostics;
using System.Text;
using AiMesh.ServiceDefaults.Kafka;
using AiMesh.ServiceDefaults.Tests.Infrastructure;
using AiMesh.Tests.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AiMesh.ServiceDefaults.Tests.Kafka;

public sealed class KafkaTracingTests(KafkaMockCluster cluster) : IClassFixture<KafkaMockCluster>
{
    [Fact]
    public async Task AProducedMessageCarriesTheTraceToTheConsumer()
    {
        var topic = $"traced-{Guid.NewGuid():N}";
        using var listener = ListenTo("AiMesh.Kafka", "AiMesh.Tests.Kafka");
        using var testSource = new ActivitySource("AiMesh.Tests.Kafka");
        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = cluster.BootstrapServers,
            ["Aspire:Confluent:Kafka:Consumer:Config:GroupId"] = "tracing-tests",
        });
        builder.AddKafkaProducer<string, string>("kafka");
        builder.AddKafkaConsumer<string, string>("kafka");
        using var host = builder.Build();
        var producer = host.Services.GetRequiredService<IProducer<string, string>>();
        var consumer = host.Services.GetRequiredService<IConsumer<string, string>>();

        Activity? publish;
        using (testSource.StartActivity("request"))
        {
            _ = await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "v" }, TestContext.Current.CancellationToken)
                .DefaultTimeout();
            publish = listener.Stopped.SingleOrDefault(activity => activity.OperationName == $"{topic} publish");
        }

        var result = await Task.Run(() => ConsumeOne(consumer, topic), TestContext.Current.CancellationToken).DefaultTimeout();
        using var process = result.StartProcessActivity("tracing-tests");
        consumer.Close();

        Assert.NotNull(publish);
        Assert.Equal(ActivityKind.Producer, publish.Kind);
        Assert.Equal(topic, publish.GetTagItem("messaging.destination.name"));
        Assert.True(result.Message.Headers.TryGetLastBytes("traceparent", out var traceparent));
        Assert.Contains(publish.TraceId.ToHexString(), Encoding.UTF8.GetString(traceparent), StringComparison.Ordinal);
        Assert.Equal(publish.TraceId, result.ExtractTraceContext().TraceId);

        Assert.NotNull(process);
        Assert.Equal($"{topic} process", process.OperationName);
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal(publish.TraceId, process.TraceId);
        Assert.Equal(publish.SpanId, process.ParentSpanId);
        Assert.Equal("tracing-tests", process.GetTagItem("messaging.consumer.group.name"));
    }

    [Fact]
    public async Task TheCallbackProduceEndsItsActivityOnDeliveryAndLeavesTheCallersContext()
    {
        var topic = $"callback-{Guid.NewGuid():N}";
        using var listener = ListenTo("AiMesh.Kafka", "AiMesh.Tests.Kafka");
        using var testSource = new ActivitySource("AiMesh.Tests.Kafka");
        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?> { ["ConnectionStrings:kafka"] = cluster.BootstrapServers });
        builder.AddKafkaProducer<Null, string>("kafka");
        using var host = builder.Build();
        var producer = host.Services.GetRequiredService<IProducer<Null, string>>();
        var delivered = new TaskCompletionSource<DeliveryReport<Null, string>>(TaskCreationOptions.RunContinuationsAsynchronously);

        using var caller = testSource.StartActivity("caller");
        var message = new Message<Null, string> { Value = "v" };
        producer.Produce(topic, message, delivered.SetResult);

        Assert.Same(caller, Activity.Current);
        var report = await delivered.Task.DefaultTimeout();
        Assert.False(report.Error.IsError);
        var publish = Assert.Single(listener.Stopped, activity => activity.OperationName == $"{topic} publish");
        Assert.Equal(caller!.SpanId, publish.ParentSpanId);
        Assert.True(message.Headers.TryGetLastBytes("traceparent", out _));
    }

    private static ConsumeResult<string, string> ConsumeOne(IConsumer<string, string> consumer, string topic)
    {
        consumer.Subscribe(topic);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(25));
        return consumer.Consume(timeout.Token);
    }

    private static RecordingListener ListenTo(params string[] sources) => new(sources);

    private sealed class RecordingListener : IDisposable
    {
        private readonly ActivityListener _listener;

        public RecordingListener(string[] sources)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => sources.Contains(source.Name),
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    lock (Stopped)
                    {
                        Stopped.Add(activity);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public List<Activity> Stopped { get; } = [];

        public void Dispose() => _listener.Dispose();
    }
}
