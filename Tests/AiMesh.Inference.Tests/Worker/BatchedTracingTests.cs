using System.Diagnostics;
using AiMesh.Contracts;
using AiMesh.Inference.Ai;
using AiMesh.Inference.Tests.TestSupport;
using AiMesh.ServiceDefaults.Kafka;
using AiMesh.Tests.Telemetry;
using Confluent.Kafka;

namespace AiMesh.Inference.Tests.Worker;

/// <summary>
/// Batching keeps each text's trace whole: its "data-topic process" span is the parent of its
/// "result-topic publish" span, and the batch's own span, parent of the HTTP call, is a child of the
/// first text's span and links to every other text's span.
/// </summary>
public sealed class BatchedTracingTests : IAsyncLifetime
{
    private readonly SpanRecorder _spans = new("AiMesh.Kafka", "AiMesh.Inference", "System.Net.Http");
    private WorkerTestServers _servers = null!;

    public async ValueTask InitializeAsync() => _servers = await WorkerTestServers.StartAsync();

    public async ValueTask DisposeAsync()
    {
        _spans.Dispose();
        await _servers.DisposeAsync();
    }

    [Fact]
    public async Task Each_text_keeps_its_process_and_publish_spans_and_the_batch_span_is_a_child_of_one_and_links_the_others()
    {
        // Each text arrives with a trace of its own, as Ingest's publish span would give it.
        List<(TextSubmitted Text, ActivityTraceId Trace)> texts = [.. Enumerable.Range(0, 3).Select(i => (InferenceHarness.Text($"traced {i}"), ActivityTraceId.CreateRandom()))];
        await SubmitTracedAsync(texts);
        using var results = new ResultTopicReader(_servers.Kafka.BootstrapServers);

        var settings = InferenceApp.Settings(_servers.Kafka.BootstrapServers, _servers.Ai.Address, redis: null);
        settings["Inference:AiBatchWindow"] = "00:00:00.200";
        await using (var app = new InferenceApp(settings))
        {
            _ = app.Services;
            await results.WaitForAllAsync(texts.Select(text => text.Text.Id));
        }

        var spans = _spans.Stopped.ToList();
        foreach (var (_, trace) in texts)
        {
            var process = Assert.Single(spans, span => span.TraceId == trace && span.OperationName == $"{Topics.Data} process");
            var publish = Assert.Single(spans, span => span.TraceId == trace && span.OperationName == $"{Topics.Results} publish");
            Assert.Equal(process.SpanId, publish.ParentSpanId);

            var batch = Assert.Single(spans, span => span.OperationName == AiBatcher.BatchActivityName
                && (span.ParentSpanId == process.SpanId || span.Links.Any(link => link.Context.SpanId == process.SpanId)));
            Assert.Equal(batch.ParentSpanId == process.SpanId, batch.TraceId == trace);
            Assert.Contains(spans, span => span.Source.Name == "System.Net.Http" && span.ParentSpanId == batch.SpanId);
        }

        // The three texts went as one batch: a child of one text's span, linking the other two.
        // (Other tests run beside this one: only batches that touch these texts' traces count.)
        var traces = texts.Select(text => text.Trace).ToHashSet();
        var only = Assert.Single(spans, span => span.OperationName == AiBatcher.BatchActivityName
            && (traces.Contains(span.TraceId) || span.Links.Any(link => traces.Contains(link.Context.TraceId))));
        Assert.Contains(texts, text => text.Trace == only.TraceId);
        Assert.Equal(2, only.Links.Count());
    }

    private async Task SubmitTracedAsync(IEnumerable<(TextSubmitted Text, ActivityTraceId Trace)> texts)
    {
        using var producer = new ProducerBuilder<string, TextSubmitted>(KafkaDefaults.ApplyProducerDefaults(new ProducerConfig { BootstrapServers = _servers.Kafka.BootstrapServers }))
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
