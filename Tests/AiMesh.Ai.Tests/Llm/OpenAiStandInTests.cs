using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using AiMesh.Tests.OpenAi;
using Microsoft.Extensions.AI;
using OpenAI;

namespace AiMesh.Ai.Tests.Llm;

/// <summary>
/// The stand-in, driven by the real OpenAI client behind Microsoft.Extensions.AI's <see cref="IChatClient"/>:
/// what it sends must parse as OpenAI's own answers do, and what it records must be what that client put
/// on the wire, or tests built on it prove nothing about the provider.
/// </summary>
public sealed class OpenAiStandInTests
{
    private const string Key = "sk-stand-in-test-key";
    private const string Model = "openai/gpt-4o-mini";

    [Fact]
    public async Task A_plain_answer_arrives_with_its_text_finish_reason_and_usage_and_the_request_is_recorded_as_sent()
    {
        await using var standIn = await OpenAiStandIn.StartAsync(TestContext.Current.CancellationToken).DefaultTimeout();
        standIn.Enqueue(StandInReply.Answer("Four words come back.", finishReason: "length", promptTokens: 7));
        var client = CreateClient(standIn);

        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "You answer briefly."), new ChatMessage(ChatRole.User, "Say four words.")],
            new ChatOptions { MaxOutputTokens = 64 },
            TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal("Four words come back.", response.Text);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(Model, response.ModelId);
        Assert.NotNull(response.Usage);
        Assert.Equal((7L, 4L, 11L), (response.Usage.InputTokenCount, response.Usage.OutputTokenCount, response.Usage.TotalTokenCount));

        var request = Assert.Single(standIn.Requests);
        Assert.Equal(("POST", "/v1/chat/completions"), (request.Method, request.Path));
        Assert.Equal($"Bearer {Key}", request.Authorization);
        Assert.Equal(Model, request.Model);
        Assert.False(request.Stream);
        Assert.Equal(64, request.MaxCompletionTokens);
        Assert.Equal([("system", "You answer briefly."), ("user", "Say four words.")], request.Messages);
    }

    [Fact]
    public async Task A_streamed_answer_arrives_in_the_parts_sent_with_its_finish_reason_and_usage()
    {
        await using var standIn = await OpenAiStandIn.StartAsync(TestContext.Current.CancellationToken).DefaultTimeout();
        var client = CreateClient(standIn);

        // Nothing queued: the default reply, one part per word.
        var updates = await ReadAsync(client.GetStreamingResponseAsync("Hello?", cancellationToken: TestContext.Current.CancellationToken)).DefaultTimeout();

        Assert.Equal(["Hello", " from", " the", " stand-in."], TextParts(updates));
        var response = updates.Select(update => update.Update).ToChatResponse();
        Assert.Equal("Hello from the stand-in.", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.NotNull(response.Usage);
        Assert.Equal((12L, 4L), (response.Usage.InputTokenCount, response.Usage.OutputTokenCount));

        var request = Assert.Single(standIn.Requests);
        Assert.True(request.Stream);
        Assert.True(request.IncludeUsage);
        Assert.Equal([("user", "Hello?")], request.Messages);
    }

    [Fact]
    public async Task Streamed_parts_arrive_as_they_are_sent_not_all_at_the_end()
    {
        await using var standIn = await OpenAiStandIn.StartAsync(TestContext.Current.CancellationToken).DefaultTimeout();
        standIn.Enqueue(StandInReply.Streamed(["The", " answer", " grows"], TimeSpan.FromMilliseconds(300), finishReason: "length"));
        var client = CreateClient(standIn);

        var updates = await ReadAsync(client.GetStreamingResponseAsync("Grow.", cancellationToken: TestContext.Current.CancellationToken)).DefaultTimeout();

        Assert.Equal(["The", " answer", " grows"], TextParts(updates));
        Assert.Equal(ChatFinishReason.Length, updates.Select(update => update.Update).ToChatResponse().FinishReason);

        // 600 ms apart as sent; buffered to the end they would arrive together.
        var arrivals = updates.Where(update => !string.IsNullOrEmpty(update.Update.Text)).Select(update => update.At).ToList();
        Assert.True(arrivals[^1] - arrivals[0] >= TimeSpan.FromMilliseconds(300), $"First part at {arrivals[0].TotalMilliseconds:0} ms, last at {arrivals[^1].TotalMilliseconds:0} ms.");
    }

    [Fact]
    public async Task A_rate_limit_surfaces_as_status_429_with_its_retry_after_and_one_request_when_retries_are_off()
    {
        await using var standIn = await OpenAiStandIn.StartAsync(TestContext.Current.CancellationToken).DefaultTimeout();
        standIn.Enqueue(StandInReply.Status(429, retryAfter: TimeSpan.FromSeconds(2), errorMessage: "Slow down, stand-in says."));
        var client = CreateClient(standIn, options => options.RetryPolicy = new ClientRetryPolicy(maxRetries: 0));

        var ex = await Assert.ThrowsAsync<ClientResultException>(
            () => client.GetResponseAsync("Hi", cancellationToken: TestContext.Current.CancellationToken).DefaultTimeout());

        Assert.Equal(429, ex.Status);
        Assert.Contains("Slow down, stand-in says.", ex.Message, StringComparison.Ordinal);
        var rawResponse = ex.GetRawResponse();
        Assert.NotNull(rawResponse);
        Assert.True(rawResponse.Headers.TryGetValue("Retry-After", out var retryAfter));
        Assert.Equal("2", retryAfter);
        Assert.Single(standIn.Requests);
    }

    [Fact]
    public async Task A_server_error_surfaces_as_status_500_with_one_request_when_retries_are_off()
    {
        await using var standIn = await OpenAiStandIn.StartAsync(TestContext.Current.CancellationToken).DefaultTimeout();
        standIn.Enqueue(StandInReply.Status(500));
        var client = CreateClient(standIn, options => options.RetryPolicy = new ClientRetryPolicy(maxRetries: 0));

        var ex = await Assert.ThrowsAsync<ClientResultException>(
            () => client.GetResponseAsync("Hi", cancellationToken: TestContext.Current.CancellationToken).DefaultTimeout());

        Assert.Equal(500, ex.Status);
        Assert.Single(standIn.Requests);
    }

    [Fact]
    public async Task Queued_replies_are_served_in_order_so_a_retrying_client_gets_the_answer_after_the_rate_limit()
    {
        await using var standIn = await OpenAiStandIn.StartAsync(TestContext.Current.CancellationToken).DefaultTimeout();
        standIn.Enqueue(StandInReply.Status(429, retryAfter: TimeSpan.FromSeconds(1)), StandInReply.Answer("Worth the wait."));
        var client = CreateClient(standIn);

        var response = await client.GetResponseAsync("Hi", cancellationToken: TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal("Worth the wait.", response.Text);
        Assert.Equal(2, standIn.Requests.Count);
    }

    [Fact]
    public async Task A_body_that_is_not_json_makes_the_client_throw()
    {
        await using var standIn = await OpenAiStandIn.StartAsync(TestContext.Current.CancellationToken).DefaultTimeout();
        standIn.Enqueue(StandInReply.Malformed());
        var client = CreateClient(standIn);

        await Assert.ThrowsAnyAsync<JsonException>(
            () => client.GetResponseAsync("Hi", cancellationToken: TestContext.Current.CancellationToken).DefaultTimeout());

        Assert.Single(standIn.Requests);
    }

    [Fact]
    public async Task An_event_that_is_not_json_makes_a_streaming_client_throw()
    {
        await using var standIn = await OpenAiStandIn.StartAsync(TestContext.Current.CancellationToken).DefaultTimeout();
        standIn.Enqueue(StandInReply.Malformed());
        var client = CreateClient(standIn);

        await Assert.ThrowsAnyAsync<JsonException>(
            () => ReadAsync(client.GetStreamingResponseAsync("Hi", cancellationToken: TestContext.Current.CancellationToken)).DefaultTimeout());

        Assert.True(Assert.Single(standIn.Requests).Stream);
    }

    [Fact]
    public async Task A_stream_cut_off_half_way_makes_the_client_throw_after_the_parts_that_came()
    {
        await using var standIn = await OpenAiStandIn.StartAsync(TestContext.Current.CancellationToken).DefaultTimeout();
        standIn.Enqueue(StandInReply.BrokenStream(["Half", " an"]));
        var client = CreateClient(standIn, options => options.RetryPolicy = new ClientRetryPolicy(maxRetries: 0));
        var updates = new List<(ChatResponseUpdate Update, TimeSpan At)>();

        var ex = await Assert.ThrowsAsync<HttpIOException>(
            () => ReadAsync(client.GetStreamingResponseAsync("Hi", cancellationToken: TestContext.Current.CancellationToken), updates).DefaultTimeout());

        Assert.Equal(HttpRequestError.ResponseEnded, ex.HttpRequestError);

        Assert.Equal(["Half", " an"], TextParts(updates));
        Assert.DoesNotContain(updates, update => update.Update.FinishReason is not null);
    }

    [Fact]
    public async Task A_header_added_by_a_pipeline_policy_is_recorded()
    {
        await using var standIn = await OpenAiStandIn.StartAsync(TestContext.Current.CancellationToken).DefaultTimeout();
        var client = CreateClient(standIn, options => options.AddPolicy(new SetHeaderPolicy("X-Title", "AiMesh tests"), PipelinePosition.PerCall));

        await client.GetResponseAsync("Hi", cancellationToken: TestContext.Current.CancellationToken).DefaultTimeout();

        var request = Assert.Single(standIn.Requests);
        Assert.Equal("AiMesh tests", request.Headers["x-title"]);
    }

    [Fact]
    public async Task Requests_are_served_concurrently_so_a_slow_reply_holds_up_no_other()
    {
        await using var standIn = await OpenAiStandIn.StartAsync(TestContext.Current.CancellationToken).DefaultTimeout();
        standIn.Enqueue(StandInReply.Slow(TimeSpan.FromMinutes(5), StandInReply.Answer("Too late.")));
        var client = CreateClient(standIn);
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var slow = client.GetResponseAsync("First", cancellationToken: giveUp.Token);
        await AsyncTestHelpers.WaitUntilAsync(() => standIn.Requests.Count == 1);
        var fast = await client.GetResponseAsync("Second", cancellationToken: TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal("Hello from the stand-in.", fast.Text);
        Assert.False(slow.IsCompleted);
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slow.DefaultTimeout());
        Assert.Equal(["First", "Second"], standIn.Requests.Select(request => request.Messages.Single().Content));
    }

    [Fact]
    public async Task Any_other_path_or_method_is_a_recorded_404_in_openai_error_form()
    {
        await using var standIn = await OpenAiStandIn.StartAsync(TestContext.Current.CancellationToken).DefaultTimeout();
        using var http = new HttpClient();

        using var models = await http.GetAsync(new Uri(standIn.BaseUrl, "models"), TestContext.Current.CancellationToken).DefaultTimeout();
        using var getChat = await http.GetAsync(new Uri(standIn.BaseUrl, "chat/completions"), TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (models.StatusCode, getChat.StatusCode));
        using var error = JsonDocument.Parse(await models.Content.ReadAsStringAsync(TestContext.Current.CancellationToken).DefaultTimeout());
        Assert.Equal("Invalid URL (GET /v1/models)", error.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal([("GET", "/v1/models"), ("GET", "/v1/chat/completions")], standIn.Requests.Select(request => (request.Method, request.Path)));
    }

    private static IChatClient CreateClient(OpenAiStandIn standIn, Action<OpenAIClientOptions>? configure = null)
    {
        var options = new OpenAIClientOptions { Endpoint = standIn.BaseUrl };
        configure?.Invoke(options);
        return new OpenAIClient(new ApiKeyCredential(Key), options).GetChatClient(Model).AsIChatClient();
    }

    private static async Task<List<(ChatResponseUpdate Update, TimeSpan At)>> ReadAsync(
        IAsyncEnumerable<ChatResponseUpdate> updates,
        List<(ChatResponseUpdate Update, TimeSpan At)>? into = null)
    {
        into ??= [];
        var clock = Stopwatch.StartNew();
        await foreach (var update in updates)
        {
            into.Add((update, clock.Elapsed));
        }

        return into;
    }

    private static List<string> TextParts(IEnumerable<(ChatResponseUpdate Update, TimeSpan At)> updates) =>
        [.. updates.Select(update => update.Update.Text).Where(text => !string.IsNullOrEmpty(text))];

    /// <summary>What an app does for OpenRouter's attribution headers (<c>X-Title</c>, <c>HTTP-Referer</c>).</summary>
    private sealed class SetHeaderPolicy(string name, string value) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Set(name, value);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Set(name, value);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }
    }
}
