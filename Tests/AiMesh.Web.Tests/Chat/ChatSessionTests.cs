using System.Net;
using System.Text.Json;
using AiMesh.Web.Chat;
using AiMesh.Web.Clients;
using AiMesh.Web.Submissions;
using AiMesh.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiMesh.Web.Tests.Chat;

/// <summary>
/// One tab's chat end to end inside Web: Ingest played by a fake handler, Results by a real Kestrel
/// server whose pushes reach the session through the real feeds.
/// </summary>
public sealed class ChatSessionTests : IAsyncLifetime
{
    private readonly Guid _acceptedId = Guid.NewGuid();
    private FakeResultsServer _results = null!;
    private FeedHost _host = null!;
    private IServiceScope _scope = null!;
    private Func<HttpRequestMessage, HttpResponseMessage> _ingestAnswers = null!;
    private FakeHttpHandler _ingest = null!;

    public async ValueTask InitializeAsync()
    {
        _results = await FakeResultsServer.StartAsync();
        _host = await FeedHost.StartAsync(_results.Address);
        _scope = _host.Services.CreateScope();
        _ingestAnswers = _ => FakeHttpHandler.Json(HttpStatusCode.Accepted, $$"""{"id":"{{_acceptedId}}","acceptedAt":"2025-01-01T12:00:00Z"}""");
        _ingest = new FakeHttpHandler(request => _ingestAnswers(request));
        await AsyncTestHelpers.WaitUntilAsync(() => _results.OpenSockets == 1 && _results.OpenAnswerSockets == 1);
    }

    public async ValueTask DisposeAsync()
    {
        _scope.Dispose();
        await _host.DisposeAsync();
        await _results.DisposeAsync();
    }

    [Fact]
    public async Task AnAcceptedMessageCarriesItsIdAndTheModelGoesToIngest()
    {
        using var session = CreateSession();

        Assert.True(await session.SendAsync("Why do partitions keep order?", "llm").DefaultTimeout());

        var entry = Assert.Single(session.Entries);
        Assert.Equal(ChatEntryState.Accepted, entry.State);
        Assert.Equal(_acceptedId, entry.Id);
        using var body = JsonDocument.Parse(Assert.Single(_ingest.Requests).Body!);
        Assert.Equal("llm", body.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task TheMessageShowsBeforeIngestAnswers()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ingestAnswers = _ =>
        {
            release.Task.Wait(TestContext.Current.CancellationToken);
            return FakeHttpHandler.Json(HttpStatusCode.Accepted, $$"""{"id":"{{_acceptedId}}"}""");
        };
        using var session = CreateSession();

        var sending = Task.Run(() => session.SendAsync("hello", "llm"), TestContext.Current.CancellationToken);

        await AsyncTestHelpers.WaitUntilAsync(() => session.Entries.Count == 1);
        Assert.Equal(ChatEntryState.Sending, session.Entries[0].State);
        release.SetResult();
        Assert.True(await sending.DefaultTimeout());
    }

    [Fact]
    public async Task AnUnavailableModelsProblemDetailIsShownInTheConversation()
    {
        _ingestAnswers = _ => FakeHttpHandler.Json(
            HttpStatusCode.BadRequest,
            """{"title":"The model cannot answer","status":400,"detail":"No API key is configured: set the AppHost's llm-api-key parameter"}""",
            "application/problem+json");
        using var session = CreateSession();

        Assert.False(await session.SendAsync("hello", "llm").DefaultTimeout());

        var entry = Assert.Single(session.Entries);
        Assert.Equal(ChatEntryState.Failed, entry.State);
        Assert.Equal("No API key is configured: set the AppHost's llm-api-key parameter", entry.Error);
        Assert.Null(entry.Id);
    }

    [Fact]
    public async Task AnOverloadedIngestsProblemDetailIsShownInTheConversation()
    {
        _ingestAnswers = _ =>
        {
            var response = FakeHttpHandler.Json(
                HttpStatusCode.ServiceUnavailable,
                """{"title":"Service Unavailable","status":503,"detail":"Kafka is not reachable; try again in a few seconds."}""",
                "application/problem+json");
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(5));
            return response;
        };
        using var session = CreateSession();

        Assert.False(await session.SendAsync("hello", null).DefaultTimeout());

        Assert.Equal("Kafka is not reachable; try again in a few seconds.", Assert.Single(session.Entries).Error);
    }

    [Fact]
    public async Task AMessageIngestCouldNotConfirmWaitsForTheAnswerItMayStillGet()
    {
        const string Detail = "Kafka did not acknowledge the text within 00:00:05. Kafka may have received it all the same.";
        _ingestAnswers = _ => FakeHttpHandler.Json(
            HttpStatusCode.GatewayTimeout,
            $$"""{"title":"Kafka did not confirm the text","status":504,"detail":"{{Detail}}","id":"{{_acceptedId}}","result":"/api/results/{{_acceptedId}}"}""",
            "application/problem+json");
        using var session = CreateSession();

        Assert.True(await session.SendAsync("hello", "sentiment").DefaultTimeout());

        var entry = Assert.Single(session.Entries);
        Assert.Equal(ChatEntryState.Accepted, entry.State);
        Assert.Equal(_acceptedId, entry.Id);
        Assert.Equal(Detail, entry.Unconfirmed);
        Assert.Null(entry.Error);
        Assert.Single(_ingest.Requests);

        await _results.PushAsync(TestResults.Now("positive") with { Id = _acceptedId }).DefaultTimeout();

        await AsyncTestHelpers.WaitUntilAsync(() => session.Entries[0].State == ChatEntryState.Complete);
        Assert.Equal("positive", session.Entries[0].Result?.Label);
    }

    [Fact]
    public async Task AnUnreachableIngestFailsTheEntryWithTheReason()
    {
        _ingestAnswers = _ => throw new HttpRequestException("Connection refused (ingest:80)");
        using var session = CreateSession();

        Assert.False(await session.SendAsync("hello", null).DefaultTimeout());

        var entry = Assert.Single(session.Entries);
        Assert.Equal(ChatEntryState.Failed, entry.State);
        Assert.Equal("Ingest could not be reached: Connection refused (ingest:80)", entry.Error);
    }

    [Fact]
    public async Task AnLlmAnswerGrowsAsItsPiecesArriveThenCompletesWithTheResult()
    {
        using var session = CreateSession();
        var changes = 0;
        session.Changed += () => Interlocked.Increment(ref changes);
        await session.SendAsync("Why do partitions keep order?", "llm").DefaultTimeout();

        await _results.PushAnswerAsync(TestChunks.Piece(_acceptedId, 0, "Each partition ")).DefaultTimeout();
        await AsyncTestHelpers.WaitUntilAsync(() => session.Entries[0] is { State: ChatEntryState.Streaming, Answer: "Each partition " });
        await _results.PushAnswerAsync(TestChunks.Piece(_acceptedId, 1, "is one log")).DefaultTimeout();
        await AsyncTestHelpers.WaitUntilAsync(() => session.Entries[0].Answer == "Each partition is one log");

        await _results.PushAsync(TestResults.Answer(_acceptedId, "Each partition is one log.")).DefaultTimeout();

        await AsyncTestHelpers.WaitUntilAsync(() => session.Entries[0].State == ChatEntryState.Complete);
        var entry = session.Entries[0];
        Assert.Equal("Each partition is one log.", entry.Answer);
        Assert.Equal("openai/gpt-4o-mini", entry.Result?.ProviderModel);
        Assert.True(Volatile.Read(ref changes) >= 5);
    }

    [Fact]
    public async Task PiecesThatCameBeforeIngestAnsweredShowOnceTheIdIsKnown()
    {
        await _results.PushAnswerAsync(TestChunks.Piece(_acceptedId, 0, "Early")).DefaultTimeout();
        await AsyncTestHelpers.WaitUntilAsync(() => _host.Answers.Find(_acceptedId) is not null);
        using var session = CreateSession();

        await session.SendAsync("hello", "llm").DefaultTimeout();

        await AsyncTestHelpers.WaitUntilAsync(() => session.Entries[0] is { State: ChatEntryState.Streaming, Answer: "Early" });
    }

    [Fact]
    public async Task ABuiltInModelsResultCompletesTheEntryWithItsLabel()
    {
        using var session = CreateSession();
        await session.SendAsync("This product is terrible!", "sentiment").DefaultTimeout();

        await _results.PushAsync(TestResults.Now("negative") with { Id = _acceptedId }).DefaultTimeout();

        await AsyncTestHelpers.WaitUntilAsync(() => session.Entries[0].State == ChatEntryState.Complete);
        Assert.Equal("negative", session.Entries[0].Result?.Label);
    }

    [Fact]
    public async Task ARestoredConversationGoesOnWaitingForItsResults()
    {
        var id = Guid.NewGuid();
        using var session = CreateSession();

        session.Restore(new SavedConversation("llm",
        [
            new ChatEntry { Key = Guid.NewGuid(), Message = "before the reload", Model = "llm", SentAt = DateTimeOffset.UtcNow, State = ChatEntryState.Streaming, Id = id, Answer = "half" },
        ]));
        await _results.PushAsync(TestResults.Answer(id, "whole")).DefaultTimeout();

        await AsyncTestHelpers.WaitUntilAsync(() => session.Entries[0].State == ChatEntryState.Complete);
        Assert.Equal("whole", session.Entries[0].Answer);
        Assert.Equal("llm", session.Model);
    }

    [Fact]
    public void AConversationIsRestoredOncePerCircuit()
    {
        using var session = CreateSession();
        var saved = new SavedConversation("sentiment", [new ChatEntry { Key = Guid.NewGuid(), Message = "first", SentAt = DateTimeOffset.UtcNow, State = ChatEntryState.Failed }]);

        session.Restore(saved);
        session.Model = "llm";
        session.Restore(saved with { Model = "other", Entries = [] });

        Assert.True(session.IsRestored);
        Assert.Equal("llm", session.Model);
        Assert.Single(session.Entries);
        Assert.Equal(new SavedConversation("llm", session.Entries), session.Save());
    }

    [Fact]
    public async Task ADisposedSessionLeavesNoHandlerOnTheFeeds()
    {
        var session = CreateSession();
        await session.SendAsync("hello", "llm").DefaultTimeout();
        Assert.Equal(1, _host.Answers.AnswerSubscribers);
        Assert.Equal(1, _host.Feed.ResultSubscribers);

        session.Dispose();

        await AsyncTestHelpers.WaitUntilAsync(() => _host.Feed.ResultSubscribers == 0);
        Assert.Equal(0, _host.Answers.AnswerSubscribers);
    }

    private ChatSession CreateSession() => new(
        new IngestClient(_ingest.CreateClient("http://ingest")),
        _scope.ServiceProvider.GetRequiredService<ResultWatcher>(),
        _host.Answers,
        TimeProvider.System,
        NullLogger<ChatSession>.Instance);
}
