using AiMesh.Results.Storage;
using AiMesh.Results.Tests.Infrastructure;
using AiMesh.Tests.Postgres;
using Npgsql;

namespace AiMesh.Results.Tests.Storage;

public sealed class ResultStoreTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ANewIdIsInsertedAndReadBackUnchanged()
    {
        await using var dataSource = await server.CreateMigratedAsync();
        var store = new ResultStore(dataSource);
        var result = TestResults.Create() with
        {
            Cached = true,
            Score = 0.123456789,
            ModelVersion = "1.ad91931e",
            // Another zone than UTC: the same instant has to come back.
            AcceptedAt = new DateTimeOffset(2025, 11, 23, 14, 30, 0, 123, TimeSpan.FromHours(2)),
        };

        var inserted = await store.TryInsertAsync(result, CancellationToken).DefaultTimeout();
        var stored = await store.GetAsync(result.Id, CancellationToken).DefaultTimeout();

        Assert.True(inserted);
        Assert.NotNull(stored);
        Assert.Equal(result with { AcceptedAt = result.AcceptedAt.ToUniversalTime() }, stored);
        Assert.Equal(result.AcceptedAt, stored.AcceptedAt);
    }

    [Fact]
    public async Task AnLlmAnswerIsInsertedAndReadBackWithEveryField()
    {
        await using var dataSource = await server.CreateMigratedAsync();
        var store = new ResultStore(dataSource);
        var answer = TestAnswers.Result() with { LatencyMs = 1234.0625, InputTokens = long.MaxValue };

        Assert.True(await store.TryInsertAsync(answer, CancellationToken).DefaultTimeout());

        Assert.Equal(answer, await store.GetAsync(answer.Id, CancellationToken).DefaultTimeout());
        Assert.Equal([answer], await store.GetLatestAsync(10, CancellationToken).DefaultTimeout());
    }

    [Fact]
    public async Task ABuiltInModelsResultReadsBackWithoutAnAnswer()
    {
        await using var dataSource = await server.CreateMigratedAsync();
        var store = new ResultStore(dataSource);
        var result = TestResults.Create();

        await store.TryInsertAsync(result, CancellationToken).DefaultTimeout();
        var stored = await store.GetAsync(result.Id, CancellationToken).DefaultTimeout();

        Assert.NotNull(stored);
        Assert.Equal((null, null, null, null, null, (double?)null), (stored.Answer, stored.ProviderModel, stored.FinishReason, stored.InputTokens, stored.OutputTokens, stored.LatencyMs));
        Assert.Equal(1L, await dataSource.ScalarAsync<long>($"SELECT count(*) FROM results WHERE id = '{result.Id}' AND answer IS NULL AND latency_ms IS NULL"));
    }

    [Fact]
    public async Task ARedeliveredLlmAnswerKeepsTheFirstStoredAnswer()
    {
        await using var dataSource = await server.CreateMigratedAsync();
        var store = new ResultStore(dataSource);
        var first = TestAnswers.Result();
        var rerun = first with { Answer = "Rayleigh scattering.", ProviderModel = "fallback/model", OutputTokens = 3, LatencyMs = 99 };

        Assert.True(await store.TryInsertAsync(first, CancellationToken).DefaultTimeout());
        Assert.False(await store.TryInsertAsync(rerun, CancellationToken).DefaultTimeout());

        Assert.Equal(first, await store.GetAsync(first.Id, CancellationToken).DefaultTimeout());
    }

    [Fact]
    public async Task ASecondInsertOfTheSameIdIsReportedAsDuplicateAndTheFirstAnswerStays()
    {
        await using var dataSource = await server.CreateMigratedAsync();
        var store = new ResultStore(dataSource);
        var first = TestResults.Create(label: "positive");
        var redelivered = first with { Label = "negative", Score = 0.2, InferenceInstance = "inference-ffffffff" };

        Assert.True(await store.TryInsertAsync(first, CancellationToken).DefaultTimeout());
        var insertedAgain = await store.TryInsertAsync(redelivered, CancellationToken).DefaultTimeout();

        Assert.False(insertedAgain);
        Assert.Equal(1L, await dataSource.ScalarAsync<long>($"SELECT count(*) FROM results WHERE id = '{first.Id}'"));
        Assert.Equal(first, await store.GetAsync(first.Id, CancellationToken).DefaultTimeout());
    }

    [Fact]
    public async Task ABatchInsertsTheNewIdsReturnsThemAndLeavesStoredRowsAsTheyWere()
    {
        await using var dataSource = await server.CreateMigratedAsync();
        var store = new ResultStore(dataSource);
        var stored = TestAnswers.Result();
        Assert.True(await store.TryInsertAsync(stored, CancellationToken).DefaultTimeout());
        var answer = TestAnswers.Result() with { InputTokens = null, FinishReason = null, LatencyMs = 0.5 };
        var plain = TestResults.Create() with { Cached = true, ModelVersion = "2.0" };
        var rerun = stored with { Answer = "Another answer.", OutputTokens = 1 };

        var inserted = await store.InsertManyAsync([answer, rerun, plain], CancellationToken).DefaultTimeout();

        Assert.Equal(new HashSet<Guid> { answer.Id, plain.Id }, inserted);
        Assert.Equal(answer, await store.GetAsync(answer.Id, CancellationToken).DefaultTimeout());
        Assert.Equal(plain, await store.GetAsync(plain.Id, CancellationToken).DefaultTimeout());
        Assert.Equal(stored, await store.GetAsync(stored.Id, CancellationToken).DefaultTimeout());
        Assert.Equal(3L, await dataSource.ScalarAsync<long>("SELECT count(*) FROM results"));
    }

    [Fact]
    public async Task ABatchKeepsTheSameInstantWhateverTheSendersZone()
    {
        await using var dataSource = await server.CreateMigratedAsync();
        var store = new ResultStore(dataSource);
        var result = TestResults.Create() with { AcceptedAt = new DateTimeOffset(2025, 11, 23, 14, 30, 0, 123, TimeSpan.FromHours(2)) };

        await store.InsertManyAsync([result], CancellationToken).DefaultTimeout();

        var stored = await store.GetAsync(result.Id, CancellationToken).DefaultTimeout();
        Assert.NotNull(stored);
        Assert.Equal(result.AcceptedAt, stored.AcceptedAt);
    }

    [Fact]
    public async Task ABatchThatHoldsAnIdTwiceIsRefusedBeforeItReachesTheDatabase()
    {
        await using var dataSource = await server.CreateMigratedAsync();
        var store = new ResultStore(dataSource);
        var first = TestResults.Create();

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => store.InsertManyAsync([first, TestResults.Create(), first with { Label = "negative" }], CancellationToken)).DefaultTimeout();

        Assert.Contains(first.Id.ToString(), refused.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await dataSource.ScalarAsync<long>("SELECT count(*) FROM results"));
    }

    [Fact]
    public async Task ABatchWithARowTheDatabaseRefusesStoresNoneOfItsRows()
    {
        await using var dataSource = await server.CreateMigratedAsync();
        var store = new ResultStore(dataSource);

        // PostgreSQL text cannot hold a NUL character; the check of result-topic messages looks at the text only.
        var refused = await Assert.ThrowsAsync<PostgresException>(() => store.InsertManyAsync([TestResults.Create(), TestResults.Create(label: "posi\0tive")], CancellationToken)).DefaultTimeout();

        Assert.StartsWith("22", refused.SqlState, StringComparison.Ordinal);
        Assert.Equal(0L, await dataSource.ScalarAsync<long>("SELECT count(*) FROM results"));
    }

    [Fact]
    public async Task AnEmptyBatchInsertsNothing()
    {
        await using var dataSource = await server.CreateMigratedAsync();

        Assert.Empty(await new ResultStore(dataSource).InsertManyAsync([], CancellationToken).DefaultTimeout());
    }

    [Fact]
    public async Task AnUnknownIdIsNotFound()
    {
        await using var dataSource = await server.CreateMigratedAsync();
        var store = new ResultStore(dataSource);
        await store.TryInsertAsync(TestResults.Create(), CancellationToken).DefaultTimeout();

        Assert.Null(await store.GetAsync(Guid.NewGuid(), CancellationToken).DefaultTimeout());
    }

    [Fact]
    public async Task TheLatestComeNewestFirstUpToTheLimit()
    {
        await using var dataSource = await server.CreateMigratedAsync();
        var store = new ResultStore(dataSource);
        var results = Enumerable.Range(0, 5)
            .Select(minutes => TestResults.Create(completedAt: TestResults.BaseTime.AddMinutes(minutes)))
            .ToList();
        // Stored out of order: the order has to come from completed_at, not from insertion.
        foreach (var result in results.OrderBy(_ => Guid.NewGuid()))
        {
            await store.TryInsertAsync(result, CancellationToken).DefaultTimeout();
        }

        var latestThree = await store.GetLatestAsync(3, CancellationToken).DefaultTimeout();
        var all = await store.GetLatestAsync(500, CancellationToken).DefaultTimeout();

        Assert.Equal([results[4].Id, results[3].Id, results[2].Id], latestThree.Select(r => r.Id));
        Assert.Equal(results.AsEnumerable().Reverse().Select(r => r.Id), all.Select(r => r.Id));
    }

    [Fact]
    public async Task ResultsCompletedAtTheSameInstantAreOrderedById()
    {
        await using var dataSource = await server.CreateMigratedAsync();
        var store = new ResultStore(dataSource);
        var sameTime = Enumerable.Range(0, 4).Select(_ => TestResults.Create(completedAt: TestResults.BaseTime)).ToList();
        foreach (var result in sameTime)
        {
            await store.TryInsertAsync(result, CancellationToken).DefaultTimeout();
        }

        var latest = await store.GetLatestAsync(10, CancellationToken).DefaultTimeout();
        var again = await store.GetLatestAsync(10, CancellationToken).DefaultTimeout();

        // PostgreSQL orders uuids bytewise, as Guid's string form does.
        Assert.Equal(sameTime.Select(r => r.Id.ToString()).Order(StringComparer.Ordinal), latest.Select(r => r.Id.ToString()));
        Assert.Equal(latest.Select(r => r.Id), again.Select(r => r.Id));
    }

    [Fact]
    public async Task AnEmptyTableHasNoLatest()
    {
        await using var dataSource = await server.CreateMigratedAsync();

        Assert.Empty(await new ResultStore(dataSource).GetLatestAsync(50, CancellationToken).DefaultTimeout());
    }
}
