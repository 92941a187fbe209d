using System.Collections.Concurrent;
using System.Diagnostics;
using AiMesh.Contracts;
using AiMesh.Inference.Ai;
using AiMesh.Inference.Tests.TestSupport;
using AiMesh.ServiceDefaults.Kafka;
using AiMesh.Tests.Kafka;
using Confluent.Kafka;

namespace AiMesh.Inference.Tests.Worker;

/// <summary>
/// Batching keeps each text's trace whole: its "data-topic process" span is the parent of its
/// "result-topic publish" span, and the batch's own span, parent of the HTTP call, links to every text's span.
/// </summary>
public sealed class BatchedTracingTests : IAsyncLifetime
{
    private readonly KafkaMockCluster _kafka = new();
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private ActivityListener _listener = null!;
    private FakeAiServer _ai = null!;

    public async ValueTask InitializeAsync()
    {
        await _kafka.InitializeAsync();
        _ai = await FakeAiServer.StartAsync("ai-fake");
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("AiMesh.", StringComparison.Ordinal) || source.Name == "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _ai.DisposeAsync();
        await _kafka.DisposeAsync();
    }

    [Fact]
    public async Task Each_text_keeps_its_process_and_publish_spans_and_the_batch_span_links_to_them()
    {
        // Each text arrives with a trace of its own, as Ingest's publish span would give it.
        List<(TextSubmitted Text, ActivityTraceId Trace)> texts = [.. Enumerable.Range(0, 3).Select(i => (InferenceHarness.Text($"traced {i}"), ActivityTraceId.CreateRandom()))];
        await SubmitTracedAsync(texts);
        using var results = new ResultTopicReader(_kafka.BootstrapServers);

        var settings = InferenceApp.Settings(_kafka.BootstrapServers, _ai.Address, redis: null);
        settings["Inference:AiBatchWindow"] = "00:00:00.200";
        await using (var app = new InferenceApp(settings))
        {
            _ = app.Services;
            await results.WaitForAllAsync(texts.Select(text => text.Text.Id));
        }

        var spans = _stopped.ToList();
        foreach (var (_, trace) in texts)
        {
            var process = Assert.Single(spans, span => span.TraceId == trace && span.OperationName == $"{Topics.Data} process");
            var publish = Assert.Single(spans, span => span.TraceId == trace && span.OperationName == $"{Topics.Results} publish");
            Assert.Equal(process.SpanId, publish.ParentSpanId);

            var batch = Assert.Single(spans, span => span.OperationName == AiBatcher.BatchActivityName && span.Links.Any(link => link.Context.SpanId == process.SpanId));
            Assert.NotEqual(trace, batch.TraceId);
            Assert.Equal(default, batch.ParentSpanId);
            Assert.Contains(spans, span => span.Source.Name == "System.Net.Http" && span.ParentSpanId == batch.SpanId);
        }
    }

    private async Task SubmitTracedAsync(IEnumerable<(TextSubmitted Text, ActivityTraceId Trace)> texts)
    {
        using var producer = new ProducerBuilder<string, TextSubmitted>(KafkaDefaults.ApplyProducerDefaults(new ProducerConfig { BootstrapServers = _kafka.BootstrapServers }))
            .SetValueSerializer(new JsonMessageSerializer<TextSubmitted>(ContractsJsonContext.Default.TextSubmitted))
            .Build();
        foreach (var (text, trace) in texts)
        {
            var headers = new Headers { { "traceparent", System.Text.Encoding.UTF8.GetBytes($"00-{trace}-{ActivitySpanId.CreateRandom()}-01") } };
            await producer.ProduceAsync(Topics.Data, new Message<string, TextSubmitted> { Key = text.Id.ToString(), Value = text, Headers = headers }, TestContext.Current.CancellationToken)
                .DefaultTimeout();
        }
    }
}
