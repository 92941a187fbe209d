using System.Diagnostics;
using System.Net;
using System.Text.Json;
using AiMesh.Ai.Tests.TestSupport;
using AiMesh.Contracts;
using AiMesh.Tests.OpenAi;

namespace AiMesh.Ai.Tests.Llm;

/// <summary>
/// <c>POST /api/answer</c> against an OpenAI-compatible stand-in: what the provider receives, the
/// answer streamed as it arrives, fallbacks on rate limits and failures, Retry-After, permanent
/// refusals, and a service without a key.
/// </summary>
public sealed class AnswerEndpointTests(AiApiFactory factory) : IClassFixture<AiApiFactory>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_provider_gets_the_key_the_attribution_the_model_the_task_and_the_text()
    {
        await using var app = await LlmApp.StartAsync(factory, new Dictionary<string, string?>
        {
            ["Ai:Llm:Referer"] = "https://aimesh.example",
            ["Ai:Llm:Models:llm:ProviderModel"] = "openai/gpt-4o-mini",
            ["Ai:Llm:Models:llm:Instructions"] = "Summarise the user's text in one sentence.",
            ["Ai:Llm:Models:llm:MaxOutputTokens"] = "64",
        });
        app.StandIn.Enqueue(StandInReply.Answer("A short summary."));
        using var client = app.Factory.CreateClient();

        var events = await AnswerAsync(client, """{"text": "A long review of a very good phone."}""");

        var request = Assert.Single(ChatRequests(app));
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal($"Bearer {LlmApp.ApiKey}", request.Authorization);
        Assert.Equal("https://aimesh.example", request.Headers["HTTP-Referer"]);
        Assert.Equal("AiMesh", request.Headers["X-Title"]);
        Assert.Equal("openai/gpt-4o-mini", request.Model);
        Assert.True(request.Stream);
        Assert.Equal(64, request.MaxCompletionTokens);
        Assert.Equal([("system", "Summarise the user's text in one sentence."), ("user", "A long review of a very good phone.")], request.Messages);

        var done = events[^1];
        Assert.Equal(AnswerEvent.DoneType, done.Type);
        Assert.Equal("A short summary.", done.Text);
        Assert.Equal("llm", done.Model);
        Assert.Equal("openai/gpt-4o-mini", done.ProviderModel);
        Assert.Equal("stop", done.FinishReason);
        Assert.True(done.InputTokens > 0 && done.OutputTokens > 0, $"usage: {done.InputTokens} in, {done.OutputTokens} out");
        Assert.Equal(done.Text, string.Concat(events.SkipLast(1).Select(e => e.Text)));
    }

    [Fact]
    public async Task The_answer_arrives_in_parts_as_the_provider_sends_them()
    {
        await using var app = await LlmApp.StartAsync(factory);
        string[] parts = ["The ", "answer ", "grows ", "word ", "by ", "word."];
        app.StandIn.Enqueue(StandInReply.Streamed(parts, TimeSpan.FromMilliseconds(250)));
        using var client = app.Factory.CreateClient();

        var arrivals = new List<(AnswerEvent Event, TimeSpan At)>();
        var clock = Stopwatch.StartNew();
        await foreach (var answerEvent in StreamAsync(client, """{"text": "Tell me something.", "model": "LLM"}"""))
        {
            arrivals.Add((answerEvent, clock.Elapsed));
        }

        var deltas = arrivals.Where(a => a.Event.Type == AnswerEvent.DeltaType).ToList();
        Assert.Equal(parts, deltas.Select(d => d.Event.Text));
        // Sent 250 ms apart: the first part is read long before the last is sent.
        Assert.True(deltas[^1].At - deltas[0].At > TimeSpan.FromMilliseconds(600), $"first at {deltas[0].At}, last at {deltas[^1].At}");
        Assert.Equal("The answer grows word by word.", arrivals[^1].Event.Text);
    }

    [Fact]
    public async Task A_rate_limited_model_gives_way_to_its_fallback_and_is_skipped_while_its_Retry_After_lasts()
    {
        await using var app = await LlmApp.StartAsync(factory, new Dictionary<string, string?>
        {
            ["Ai:Llm:Models:llm:ProviderModel"] = "first/model",
            ["Ai:Llm:Models:llm:Fallbacks:0"] = "second/model",
        });
        app.StandIn.Enqueue(StandInReply.Status(429, retryAfter: TimeSpan.FromMinutes(5)), StandInReply.Answer("From the second."), StandInReply.Answer("Again the second."));
        using var client = app.Factory.CreateClient();

        var first = await AnswerAsync(client, """{"text": "one"}""");
        var second = await AnswerAsync(client, """{"text": "two"}""");

        Assert.Equal(("From the second.", "second/model"), (first[^1].Text, first[^1].ProviderModel));
        Assert.Equal(("Again the second.", "second/model"), (second[^1].Text, second[^1].ProviderModel));
        Assert.Equal(["first/model", "second/model", "second/model"], ChatRequests(app).Select(r => r.Model));
    }

    [Fact]
    public async Task When_every_provider_model_fails_the_answer_is_503_with_the_providers_Retry_After()
    {
        await using var app = await LlmApp.StartAsync(factory, new Dictionary<string, string?>
        {
            ["Ai:Llm:Models:llm:ProviderModel"] = "first/model",
            ["Ai:Llm:Models:llm:Fallbacks:0"] = "second/model",
            ["Ai:Llm:Models:llm:Fallbacks:1"] = "third/model",
        });
        app.StandIn.Enqueue(StandInReply.Status(503, retryAfter: TimeSpan.FromSeconds(7)), StandInReply.Status(500), StandInReply.Malformed());
        using var client = app.Factory.CreateClient();

        using var response = await client.PostAsync("/api/answer", HttpAssert.Json("""{"text": "hello"}"""), Cancellation).DefaultTimeout();

        var problem = await HttpAssert.ReadJsonAsync(response, HttpStatusCode.ServiceUnavailable, "application/problem+json").DefaultTimeout();
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.All(["first/model", "second/model", "third/model"], model => Assert.Contains(model, detail, StringComparison.Ordinal));
        Assert.Equal(3, ChatRequests(app).Count);
        Assert.DoesNotContain(LlmApp.ApiKey, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_permanent_refusal_fails_the_text_with_422_and_tries_no_fallback()
    {
        await using var app = await LlmApp.StartAsync(factory, new Dictionary<string, string?>
        {
            ["Ai:Llm:Models:llm:Fallbacks:0"] = "second/model",
        });
        app.StandIn.Enqueue(StandInReply.Status(400, errorMessage: "This model does not exist."));
        using var client = app.Factory.CreateClient();

        using var response = await client.PostAsync("/api/answer", HttpAssert.Json("""{"text": "hello"}"""), Cancellation).DefaultTimeout();

        var problem = await HttpAssert.ReadJsonAsync(response, HttpStatusCode.UnprocessableEntity, "application/problem+json").DefaultTimeout();
        Assert.Equal(400, problem.GetProperty("providerStatus").GetInt32());
        Assert.Contains("400", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Single(ChatRequests(app));
    }

    [Fact]
    public async Task A_provider_that_breaks_off_mid_answer_ends_the_stream_with_an_error_event()
    {
        await using var app = await LlmApp.StartAsync(factory);
        app.StandIn.Enqueue(StandInReply.BrokenStream(["Half ", "an "]));
        using var client = app.Factory.CreateClient();

        var events = await AnswerAsync(client, """{"text": "hello"}""");

        Assert.Equal(["Half ", "an "], events.Where(e => e.Type == AnswerEvent.DeltaType).Select(e => e.Text));
        Assert.Equal(AnswerEvent.ErrorType, events[^1].Type);
        Assert.Contains("after 8 characters", events[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_key_the_LLM_models_are_listed_unavailable_and_refused_with_the_reason()
    {
        await using var app = await LlmApp.StartAsync(factory, withKey: false);
        using var client = app.Factory.CreateClient();

        using var answer = await client.PostAsync("/api/answer", HttpAssert.Json("""{"text": "hello"}"""), Cancellation).DefaultTimeout();
        using var models = await client.GetAsync("/api/models", Cancellation).DefaultTimeout();
        using var sentiment = await client.PostAsync("/api/infer", HttpAssert.Json("""{"text": "I love it"}"""), Cancellation).DefaultTimeout();

        var problem = await HttpAssert.ReadJsonAsync(answer, HttpStatusCode.ServiceUnavailable, "application/problem+json").DefaultTimeout();
        Assert.Contains("llm-api-key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var llm = Assert.Single((await HttpAssert.ReadJsonAsync(models, HttpStatusCode.OK, "application/json")).GetProperty("llms").EnumerateArray());
        Assert.Equal("llm", llm.GetProperty("name").GetString());
        Assert.False(llm.GetProperty("available").GetBoolean());
        Assert.Contains("llm-api-key", llm.GetProperty("unavailableReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, sentiment.StatusCode);
        Assert.Empty(ChatRequests(app));
    }

    [Fact]
    public async Task An_endpoint_that_does_not_answer_makes_the_LLM_models_unavailable_until_it_does()
    {
        await using var app = await LlmApp.StartAsync(factory, new Dictionary<string, string?>
        {
            ["Ai:Llm:Endpoint"] = $"http://127.0.0.1:{AiMesh.Tests.Ports.Closed()}/v1/",
        });
        using var client = app.Factory.CreateClient();

        JsonElement llm = default;
        await AsyncTestHelpers.WaitUntilAsync(async () =>
        {
            using var models = await client.GetAsync("/api/models", Cancellation);
            llm = (await HttpAssert.ReadJsonAsync(models, HttpStatusCode.OK, "application/json")).GetProperty("llms")[0];
            return !llm.GetProperty("available").GetBoolean();
        });
        using var answer = await client.PostAsync("/api/answer", HttpAssert.Json("""{"text": "hello"}"""), Cancellation).DefaultTimeout();

        Assert.Contains("is not answering", llm.GetProperty("unavailableReason").GetString(), StringComparison.Ordinal);
        var problem = await HttpAssert.ReadJsonAsync(answer, HttpStatusCode.ServiceUnavailable, "application/problem+json").DefaultTimeout();
        Assert.Contains("is not answering", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answering_endpoint_keeps_the_LLM_models_available()
    {
        await using var app = await LlmApp.StartAsync(factory);
        using var client = app.Factory.CreateClient();

        // The probe asked the stand-in, which answers 404 for /v1/models: an answer all the same.
        await AsyncTestHelpers.WaitUntilAsync(() => app.StandIn.Requests.Any(r => r.Path == "/v1/models"));
        using var models = await client.GetAsync("/api/models", Cancellation).DefaultTimeout();

        var llm = (await HttpAssert.ReadJsonAsync(models, HttpStatusCode.OK, "application/json")).GetProperty("llms")[0];
        Assert.True(llm.GetProperty("available").GetBoolean(), llm.ToString());
        Assert.Equal(JsonValueKind.Null, llm.GetProperty("unavailableReason").ValueKind);
    }

    [Fact]
    public async Task An_unknown_model_or_a_bad_text_is_refused_before_the_provider_is_asked()
    {
        await using var app = await LlmApp.StartAsync(factory);
        using var client = app.Factory.CreateClient();

        using var unknown = await client.PostAsync("/api/answer", HttpAssert.Json("""{"text": "hello", "model": "gpt-9"}"""), Cancellation).DefaultTimeout();
        using var blank = await client.PostAsync("/api/answer", HttpAssert.Json("""{"text": "  "}"""), Cancellation).DefaultTimeout();
        using var notJson = await client.PostAsync("/api/answer", new StringContent("hello"), Cancellation).DefaultTimeout();

        var problem = await HttpAssert.ReadJsonAsync(unknown, HttpStatusCode.BadRequest, "application/problem+json").DefaultTimeout();
        Assert.Contains("LLM models: llm", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Empty(ChatRequests(app));
    }

    [Fact]
    public async Task Each_provider_call_is_a_GenAI_span_with_its_model_and_token_counts()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "AiMesh.Ai.Llm",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (spans)
                {
                    spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var app = await LlmApp.StartAsync(factory, new Dictionary<string, string?> { ["Ai:Llm:Models:llm:ProviderModel"] = "traced/model" }, environment: "Production");
        app.StandIn.Enqueue(StandInReply.Answer("Traced.", promptTokens: 21, completionTokens: 3));
        using var client = app.Factory.CreateClient();

        await AnswerAsync(client, """{"text": "secret user text"}""");

        Activity span;
        lock (spans)
        {
            span = Assert.Single(spans, s => (string?)s.GetTagItem("gen_ai.request.model") == "traced/model");
        }

        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal(21, Convert.ToInt32(span.GetTagItem("gen_ai.usage.input_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(3, Convert.ToInt32(span.GetTagItem("gen_ai.usage.output_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        // Contents stay out of telemetry outside Development unless Ai:Llm:CaptureContent says otherwise.
        Assert.DoesNotContain(span.TagObjects, tag => tag.Value?.ToString()?.Contains("secret user text", StringComparison.Ordinal) == true);
    }

    /// <summary>The chat completions the provider got; the endpoint probe's <c>GET /v1/models</c> left out.</summary>
    private static List<RecordedChatRequest> ChatRequests(LlmApp app) =>
        [.. app.StandIn.Requests.Where(r => r.Path == "/v1/chat/completions")];

    private static async Task<List<AnswerEvent>> AnswerAsync(HttpClient client, string body)
    {
        var events = new List<AnswerEvent>();
        await foreach (var answerEvent in StreamAsync(client, body))
        {
            events.Add(answerEvent);
        }

        return events;
    }

    private static async IAsyncEnumerable<AnswerEvent> StreamAsync(HttpClient client, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/answer") { Content = HttpAssert.Json(body) };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancellation).DefaultTimeout();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            // Read only on failure: reading the body for a message would wait for the whole stream.
            Assert.Fail($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Cancellation)}");
        }

        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Cancellation));
        while (await reader.ReadLineAsync(Cancellation).AsTask().DefaultTimeout() is { } line)
        {
            yield return JsonSerializer.Deserialize(line, ContractsJsonContext.Default.AnswerEvent)!;
        }
    }
}
