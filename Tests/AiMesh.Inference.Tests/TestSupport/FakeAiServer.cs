using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AiMesh.Contracts;
using AiMesh.Tests.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AiMesh.Inference.Tests.TestSupport;

/// <summary>
/// A stand-in for one Ai replica: real Kestrel on 127.0.0.1 answering as <see cref="Instance"/> and
/// recording every request. <c>POST /api/infer</c> answers as <see cref="Respond"/> decides;
/// <c>POST /api/infer/batch</c> as <see cref="RespondToBatch"/> decides, else text by text as
/// <see cref="Respond"/> would (the first text it fails fails the whole batch, as the Ai service's
/// validation does), so <see cref="Calls"/> and <see cref="Requests"/> count texts asked either way;
/// <c>GET /api/models</c> lists <see cref="LlmModels"/> unless <see cref="RespondToModels"/> says otherwise;
/// <c>POST /api/answer</c> streams <see cref="AnswerPieces"/> and a <c>done</c> line unless
/// <see cref="RespondToAnswer"/> says otherwise. Each decider gets the call number (from 1) and returns
/// null for the default.
/// </summary>
internal sealed class FakeAiServer : IAsyncDisposable
{
    /// <summary>The pieces every default answer streams; together they are <see cref="WholeAnswer"/>.</summary>
    public static readonly IReadOnlyList<string> AnswerPieces = ["Paris", " is the", " capital."];

    public static readonly string WholeAnswer = string.Concat(AnswerPieces);

    public const string ProviderModel = "provider/model-a";

    /// <summary>The model version a default batch answer names.</summary>
    public const string BatchModelVersion = "1";

    private TestWebServer? _server;
    private int _calls;
    private int _modelListCalls;
    private int _answerCalls;
    private int _batchCalls;

    private FakeAiServer(string instance) => Instance = instance;

    public string Instance { get; }

    public Uri Address => _server!.Address;

    public ConcurrentQueue<InferRequest> Requests { get; } = new();

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Answers <c>POST /api/infer</c> call number n (from 1); null means the default success.</summary>
    public Func<int, InferRequest, Task<IResult?>> Respond { get; set; } = (_, _) => Task.FromResult<IResult?>(null);

    public ConcurrentQueue<InferBatchRequest> BatchRequests { get; } = new();

    public int BatchCalls => Volatile.Read(ref _batchCalls);

    /// <summary>Answers <c>POST /api/infer/batch</c> call number n (from 1); null means text by text through <see cref="Respond"/>.</summary>
    public Func<int, InferBatchRequest, Task<IResult?>> RespondToBatch { get; set; } = (_, _) => Task.FromResult<IResult?>(null);

    /// <summary>The LLM models <c>GET /api/models</c> lists.</summary>
    public IReadOnlyList<string> LlmModels { get; set; } = ["llm"];

    public int ModelListCalls => Volatile.Read(ref _modelListCalls);

    /// <summary>Answers <c>GET /api/models</c> call number n (from 1); null means the list.</summary>
    public Func<int, Task<IResult?>> RespondToModels { get; set; } = _ => Task.FromResult<IResult?>(null);

    public ConcurrentQueue<AnswerRequest> AnswerRequests { get; } = new();

    public int AnswerCalls => Volatile.Read(ref _answerCalls);

    /// <summary>Answers <c>POST /api/answer</c> call number n (from 1); null means the default streamed answer.</summary>
    public Func<int, AnswerRequest, Task<IResult?>> RespondToAnswer { get; set; } = (_, _) => Task.FromResult<IResult?>(null);

    public static async Task<FakeAiServer> StartAsync(string instance)
    {
        var server = new FakeAiServer(instance);
        server._server = await TestWebServer.StartAsync(
            app =>
            {
                app.MapPost("/api/infer", server.InferAsync);
                app.MapPost("/api/infer/batch", server.InferBatchAsync);
                app.MapGet("/api/models", server.ListModelsAsync);
                app.MapPost("/api/answer", server.AnswerAsync);
            },
            builder => builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default)));
        return server;
    }

    /// <summary>The label this server gives a text: the same for the same text, whichever replica answers.</summary>
    public static string LabelFor(string text) => text.Contains("good", StringComparison.OrdinalIgnoreCase) ? "positive" : "negative";

    /// <summary>The closing line of a default answer by <paramref name="model"/>.</summary>
    public static AnswerEvent DoneLine(string? model) =>
        new(AnswerEvent.DoneType, WholeAnswer, model, ProviderModel, "stop", InputTokens: 12, OutputTokens: 5, LatencyMs: 321.5);

    /// <summary>The default answer, streamed as this replica once <paramref name="headersDelay"/> has passed.</summary>
    public StreamedAnswerResult DefaultAnswer(string? model, TimeSpan headersDelay = default) =>
        new(Instance, [.. AnswerPieces.Select(AnswerEvent.Delta), DoneLine(model)]) { HeadersDelay = headersDelay };

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task<IResult> InferAsync(InferRequest request)
    {
        Requests.Enqueue(request);
        var call = Interlocked.Increment(ref _calls);
        return await Respond(call, request)
            ?? TypedResults.Ok(new InferResponse(LabelFor(request.Text), 0.9, request.Model ?? "default", Instance));
    }

    private async Task<IResult> InferBatchAsync(InferBatchRequest request)
    {
        BatchRequests.Enqueue(request);
        if (await RespondToBatch(Interlocked.Increment(ref _batchCalls), request) is { } batchAnswer)
        {
            return batchAnswer;
        }

        List<Prediction> predictions = [];
        foreach (var text in request.Texts)
        {
            var single = new InferRequest(text, request.Model);
            Requests.Enqueue(single);
            if (await Respond(Interlocked.Increment(ref _calls), single) is { } answer)
            {
                return answer;
            }

            predictions.Add(new Prediction(LabelFor(text), 0.9));
        }

        return TypedResults.Ok(new InferBatchResponse(request.Model ?? "default", BatchModelVersion, Instance, predictions));
    }

    private async Task<IResult> ListModelsAsync()
    {
        var call = Interlocked.Increment(ref _modelListCalls);
        return await RespondToModels(call) ?? TypedResults.Text(ModelList().ToJsonString(), "application/json");
    }

    private async Task<IResult> AnswerAsync(AnswerRequest request)
    {
        AnswerRequests.Enqueue(request);
        var call = Interlocked.Increment(ref _answerCalls);
        return await RespondToAnswer(call, request) ?? DefaultAnswer(request.Model);
    }

    // The Ai service's whole document, so Inference is shown to read only what it needs from it.
    private JsonObject ModelList() => new()
    {
        ["default"] = "sentiment",
        ["models"] = new JsonArray(
            new JsonObject { ["name"] = "sentiment", ["isDefault"] = true, ["version"] = "1", ["ready"] = true },
            new JsonObject { ["name"] = "sentiment-fast", ["isDefault"] = false, ["version"] = "1", ["ready"] = true }),
        ["llms"] = new JsonArray([.. LlmModels.Select(name => (JsonNode)new JsonObject
        {
            ["name"] = name,
            ["providerModels"] = new JsonArray(ProviderModel),
            ["available"] = true,
        })]),
    };
}
