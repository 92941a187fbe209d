using System.Net.Http.Json;
using System.Text.Json;
using AiMesh.Contracts;
using AiMesh.Inference.Extensions;
using AiMesh.Inference.Tests.TestSupport;
using AiMesh.Inference.Worker;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;

namespace AiMesh.Inference.Tests.Worker;

/// <summary>
/// The whole service handling many messages at once against a mock Kafka cluster and a fake Ai replica
/// that holds some texts back: finished messages never commit past an unfinished one, the loop pauses
/// at its bound and resumes, a slow LLM answer does not hold up the texts behind it, and a stop drains.
/// </summary>
public sealed class ManyInFlightTests : IAsyncLifetime
{
    private WorkerTestServers _servers = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _servers = await WorkerTestServers.StartAsync();

    public ValueTask DisposeAsync() => _servers.DisposeAsync();

    [Fact]
    public async Task Messages_finishing_out_of_order_never_commit_past_an_unfinished_one_and_all_end_committed()
    {
        var slowText = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _servers.Ai.Respond = async (_, request) =>
        {
            if (request.Text.Contains("slow", StringComparison.Ordinal))
            {
                await slowText.Task;
            }

            return null;
        };
        var slow = InferenceHarness.Text("the slow one");
        List<TextSubmitted> before = [.. Enumerable.Range(0, 3).Select(i => InferenceHarness.Text($"before {i}"))];
        List<TextSubmitted> after = [.. Enumerable.Range(0, 6).Select(i => InferenceHarness.Text($"after {i}"))];
        var written = await KafkaTestClients.SubmitAsync(_servers.Kafka.BootstrapServers, [.. before, slow, .. after], new Partition(0));
        var slowOffset = written[before.Count];
        using var results = new ResultTopicReader(_servers.Kafka.BootstrapServers);

        // One text a batch, so the slow text holds back no other text's batch.
        var settings = InferenceApp.Settings(_servers.Kafka.BootstrapServers, _servers.Ai.Address, redis: null);
        settings["Inference:AiMaxBatchSize"] = "1";
        settings["Inference:AiBatchesInFlight"] = "4";
        await using (var app = new InferenceApp(settings))
        {
            _ = app.Services;
            await results.WaitForAllAsync(before.Concat(after).Select(text => text.Id));
            Assert.False(results.Results.ContainsKey(slow.Id));

            // Everything before the slow text is committed; what finished after it is not, however long it waits.
            await AsyncTestHelpers.WaitUntilAsync(() => Committed(slowOffset.TopicPartition) == slowOffset.Offset);
            await Task.Delay(TimeSpan.FromSeconds(1.5), Cancellation);
            Assert.Equal(slowOffset.Offset, Committed(slowOffset.TopicPartition));

            slowText.SetResult();
            await results.WaitForAsync(slow.Id);
            await AsyncTestHelpers.WaitUntilAsync(() => Committed(slowOffset.TopicPartition) == written[^1].Offset + 1);
        }
    }

    [Fact]
    public async Task At_its_bound_the_loop_pauses_and_resumes_once_messages_finish()
    {
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _servers.Ai.Respond = async (_, _) =>
        {
            await answer.Task;
            return null;
        };
        List<TextSubmitted> texts = [.. Enumerable.Range(0, 20).Select(i => InferenceHarness.Text($"text {i}"))];
        await KafkaTestClients.SubmitAsync(_servers.Kafka.BootstrapServers, texts);
        using var results = new ResultTopicReader(_servers.Kafka.BootstrapServers);

        var settings = InferenceApp.Settings(_servers.Kafka.BootstrapServers, _servers.Ai.Address, redis: null);
        settings["Inference:MaxInFlight"] = "4";
        await using var app = new InferenceApp(settings);
        using var http = app.CreateClient();
        var status = app.Services.GetRequiredService<WorkerStatus>();

        // The fake answers a batch's texts one after another, so the held texts are counted by the batches they came in.
        await AsyncTestHelpers.WaitUntilAsync(() => status.Paused && _servers.Ai.BatchRequests.Sum(batch => batch.Texts.Count) == 4);
        var paused = await http.GetFromJsonAsync<JsonElement>("/api/status", Cancellation).DefaultTimeout();
        Assert.True(paused.GetProperty("paused").GetBoolean());
        Assert.Equal(4, paused.GetProperty("inFlight").GetInt32());
        Assert.True(paused.TryGetProperty("oldestInFlightSince", out _));
        Assert.Empty(results.Results);
        Assert.Equal(4, _servers.Ai.BatchRequests.Sum(batch => batch.Texts.Count));

        answer.SetResult();
        await results.WaitForAllAsync(texts.Select(text => text.Id));
        await AsyncTestHelpers.WaitUntilAsync(() => !status.Paused && status.InFlightCount == 0);
        Assert.Equal(20, _servers.Ai.BatchRequests.Sum(batch => batch.Texts.Count));
    }

    [Fact]
    public async Task A_slow_LLM_answer_does_not_hold_up_the_texts_behind_it_in_its_partition()
    {
        var llmAnswer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _servers.Ai.RespondToAnswer = async (_, _) =>
        {
            await llmAnswer.Task;
            return null;
        };
        var question = InferenceHarness.Text("Why is the sky blue?", model: "llm");
        List<TextSubmitted> fast = [.. Enumerable.Range(0, 5).Select(i => InferenceHarness.Text($"fast {i}"))];
        var written = await KafkaTestClients.SubmitAsync(_servers.Kafka.BootstrapServers, [question, .. fast], new Partition(0));
        using var results = new ResultTopicReader(_servers.Kafka.BootstrapServers);

        await using (var app = new InferenceApp(InferenceApp.Settings(_servers.Kafka.BootstrapServers, _servers.Ai.Address, redis: null)))
        {
            using var http = app.CreateClient();
            await results.WaitForAllAsync(fast.Select(text => text.Id));
            Assert.False(results.Results.ContainsKey(question.Id));
            var status = await http.GetFromJsonAsync<JsonElement>("/api/status", Cancellation).DefaultTimeout();
            Assert.Equal((1, 1), (status.GetProperty("inFlight").GetInt32(), status.GetProperty("answersInFlight").GetInt32()));

            // The partition's committed offset waits at the question (the first message: nothing, or its own offset).
            await Task.Delay(TimeSpan.FromSeconds(1.5), Cancellation);
            Assert.Contains(Committed(written[0].TopicPartition), new[] { Offset.Unset, written[0].Offset });

            llmAnswer.SetResult();
            Assert.Equal(FakeAiServer.WholeAnswer, (await results.WaitForAsync(question.Id)).Answer);
            await AsyncTestHelpers.WaitUntilAsync(() => Committed(written[0].TopicPartition) == written[^1].Offset + 1);
        }
    }

    [Fact]
    public async Task On_stopping_a_message_in_flight_gets_to_finish_and_its_offset_is_committed()
    {
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _servers.Ai.Respond = async (_, _) =>
        {
            await answer.Task;
            return null;
        };
        var text = InferenceHarness.Text("finished while stopping");
        var written = Assert.Single(await KafkaTestClients.SubmitAsync(_servers.Kafka.BootstrapServers, [text]));
        using var results = new ResultTopicReader(_servers.Kafka.BootstrapServers);

        var settings = InferenceApp.Settings(_servers.Kafka.BootstrapServers, _servers.Ai.Address, redis: null);
        settings["Inference:DrainTimeout"] = "00:01:00";
        var app = new InferenceApp(settings);
        var status = app.Services.GetRequiredService<WorkerStatus>();
        await AsyncTestHelpers.WaitUntilAsync(() => _servers.Ai.Calls == 1);

        var stopping = app.DisposeAsync().AsTask();
        await AsyncTestHelpers.WaitUntilAsync(() => status.State == WorkerState.Stopped);
        Assert.False(stopping.IsCompleted);
        answer.SetResult();
        await stopping.DefaultTimeout(TimeSpan.FromSeconds(60));

        Assert.Equal(text.Id, (await results.WaitForAsync(text.Id)).Id);
        Assert.Equal(written.Offset + 1, Committed(written.TopicPartition));
    }

    private Offset Committed(TopicPartition partition) =>
        Assert.Single(KafkaTestClients.Committed(_servers.Kafka.BootstrapServers, InferenceHostingExtensions.ConsumerGroup, [partition])).Offset;
}
