using AiMesh.Tests.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AiMesh.Ingest.Tests.Infrastructure;

/// <summary>
/// Stands in for the Ai service's <c>GET /api/models</c> on a free 127.0.0.1 port (real Kestrel): answers
/// as <see cref="Answer"/> says, after <see cref="Delay"/>, and counts how often it was asked.
/// </summary>
public sealed class FakeAi : IAsyncLifetime
{
    public const string UnavailableReason = "No API key is configured: set the AppHost's llm-api-key parameter (Ai:Llm:ApiKey).";

    /// <summary>The built-in models Ai has today, an LLM model without a key and one with a key.</summary>
    public const string ModelListJson = """
        {"default":"sentiment","models":[
        {"name":"sentiment","description":"Naive Bayes sentiment","isDefault":true,"version":"nb-1","labels":["negative","neutral","positive"],"evaluation":{"dataSet":"sentiment-heldout.tsv","accuracy":0.9},"ready":true},
        {"name":"sentiment-fast","description":"Fast sentiment","isDefault":false,"version":"fast-1","labels":["negative","neutral","positive"],"evaluation":null,"ready":true},
        {"name":"sentiment-lexicon","description":"Lexicon sentiment","isDefault":false,"version":"lex-1","labels":["negative","neutral","positive"],"evaluation":null,"ready":true}],
        "llms":[
        {"name":"llm","description":"An LLM","providerModels":["openai/gpt-4o-mini"],"endpoint":"openrouter.ai","available":false,"unavailableReason":"No API key is configured: set the AppHost's llm-api-key parameter (Ai:Llm:ApiKey).","lastFailure":null},
        {"name":"llm-keyed","description":"An LLM with a key","providerModels":["local/model"],"endpoint":"127.0.0.1","available":true,"unavailableReason":null,"lastFailure":null}]}
        """;

    private TestWebServer? _server;
    private int _modelListRequests;
    private volatile FakeAiAnswer _answer = FakeAiAnswer.ModelList;
    private long _delayTicks;

    public Uri Address => _server!.Address;

    public FakeAiAnswer Answer
    {
        get => _answer;
        set => _answer = value;
    }

    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set => Interlocked.Exchange(ref _delayTicks, value.Ticks);
    }

    /// <summary>How many <c>GET /api/models</c> requests arrived, retries included.</summary>
    public int ModelListRequests => Volatile.Read(ref _modelListRequests);

    public async ValueTask InitializeAsync()
    {
        _server = await TestWebServer.StartAsync(
            app => app.MapGet("/api/models", AnswerAsync),
            builder => builder.Services.AddProblemDetails());
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref _modelListRequests);
        var aborted = context.RequestAborted;
        await Task.Delay(Delay, aborted);
        var response = context.Response;
        switch (Answer)
        {
            case FakeAiAnswer.ModelList:
                response.ContentType = "application/json; charset=utf-8";
                await response.WriteAsync(ModelListJson, aborted);
                break;
            case FakeAiAnswer.ServerError:
                await Results.Problem(detail: "The model crashed.", statusCode: StatusCodes.Status500InternalServerError).ExecuteAsync(context);
                break;
            case FakeAiAnswer.NotJson:
                response.ContentType = "text/html";
                await response.WriteAsync("<html><body>Welcome</body></html>", aborted);
                break;
            case FakeAiAnswer.NotAModelList:
                response.ContentType = "application/json";
                await response.WriteAsync("""{"models":"all of them"}""", aborted);
                break;
            case FakeAiAnswer.Hang:
                await Task.Delay(Timeout.InfiniteTimeSpan, aborted);
                break;
        }
    }
}
