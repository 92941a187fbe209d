using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using AiMesh.Contracts;
using AiMesh.Results.Consuming;
using AiMesh.Results.Health;
using AiMesh.Results.Storage;
using AiMesh.Results.Storage.Migrations;
using AiMesh.Results.Tests.Infrastructure;
using AiMesh.ServiceDefaults.Kafka.DeadLetters;
using AiMesh.Tests.Kafka;
using AiMesh.Tests.Postgres;
using AiMesh.Tests.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace AiMesh.Results.Tests.EndToEnd;

/// <summary>The service as the pipeline uses it: messages on result-topic in, rows, WebSocket frames and API answers out.</summary>
public sealed class ResultsPipelineTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly Dictionary<string, string?> s_fastRetries = new()
    {
        ["Results:DatabaseRetryDelay"] = "00:00:00.050",
        ["Results:DatabaseRetryMaxDelay"] = "00:00:00.500",
    };

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ResultsOnTheTopicAreStoredOncePushedOnceAndServed()
    {
        await using var kafka = await TestKafka.StartAsync();
        var connectionString = await server.CreateAsync();
        await using var app = new ResultsApp(connectionString, kafka.BootstrapServers);
        await app.WaitForMigrationAsync();
        using var metrics = new MetricRecorder(app.Services.GetRequiredService<IMeterFactory>());
        using var alice = await app.ConnectResultStreamAsync();
        using var bob = await app.ConnectResultStreamAsync();
        var a = TestResults.Create(label: "positive", completedAt: TestResults.BaseTime.AddMinutes(1));
        var b = TestResults.Create(label: "neutral", completedAt: TestResults.BaseTime.AddMinutes(2));
        var c = TestResults.Create(label: "negative", completedAt: TestResults.BaseTime.AddMinutes(3));
        var aAgain = a with { Label = "negative", Score = 0.1, InferenceInstance = "inference-99999999" };
        using var topic = new ResultTopic(kafka.BootstrapServers);

        foreach (var message in new[] { a, b, aAgain, c })
        {
            await topic.ProduceAsync(message);
        }

        // The redelivered a is read before c: had it been pushed, it would arrive before c.
        Assert.Equal([a, b, c], await alice.ReceiveResultsAsync(3));
        Assert.Equal([a, b, c], await bob.ReceiveResultsAsync(3));

        await using var database = NpgsqlDataSource.Create(connectionString);
        Assert.Equal(3L, await database.ScalarAsync<long>("SELECT count(*) FROM results"));
        Assert.Equal("positive", await database.ScalarAsync<string>($"SELECT label FROM results WHERE id = '{a.Id}'"));
        await AsyncTestHelpers.WaitUntilAsync(() => metrics.Sum("aimesh.results.duplicates") == 1);
        Assert.Equal(3, metrics.Sum("aimesh.results.stored"));

        using var http = app.CreateClient();
        using (var byId = await http.GetAsync($"/api/results/{a.Id}", CancellationToken).DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
            Assert.Equal(a, await byId.Content.ReadFromJsonAsync(ContractsJsonContext.Default.InferenceResult, CancellationToken));
        }

        var unknown = Guid.NewGuid();
        using (var notFound = await http.GetAsync($"/api/results/{unknown}", CancellationToken).DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
            Assert.Equal("application/problem+json", notFound.Content.Headers.ContentType?.MediaType);
            Assert.Contains(unknown.ToString(), await notFound.Content.ReadAsStringAsync(CancellationToken), StringComparison.Ordinal);
        }

        using (var badLimit = await http.GetAsync("/api/results?limit=0", CancellationToken).DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
            Assert.Equal("application/problem+json", badLimit.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal([c, b, a], await http.GetFromJsonAsync<List<InferenceResult>>("/api/results", CancellationToken).DefaultTimeout());
        Assert.Equal([c, b], await http.GetFromJsonAsync<List<InferenceResult>>("/api/results?limit=2", CancellationToken).DefaultTimeout());
    }

    [Fact]
    public async Task AnLlmAnswerKeepsEveryFieldFromTheTopicToTheTableTheApiAndTheStream()
    {
        await using var kafka = await TestKafka.StartAsync();
        var connectionString = await server.CreateAsync();
        await using var app = new ResultsApp(connectionString, kafka.BootstrapServers);
        await app.WaitForMigrationAsync();
        using var client = await app.ConnectResultStreamAsync();
        using var topic = new ResultTopic(kafka.BootstrapServers);
        var answer = TestAnswers.Result();
        var unreported = TestAnswers.Result(completedAt: TestResults.BaseTime.AddMinutes(-1)) with { InputTokens = null, OutputTokens = null, FinishReason = null };

        await topic.ProduceAsync(answer);
        await topic.ProduceAsync(unreported);

        Assert.Equal([answer, unreported], await client.ReceiveResultsAsync(2));
        await using var database = NpgsqlDataSource.Create(connectionString);
        Assert.Equal(
            "Sunlight scatters off air molecules, blue light most of all.|openai/gpt-4o-mini-2024-07-18|stop|12|14|812.5",
            await database.ScalarAsync<string>($"SELECT concat_ws('|', answer, provider_model, finish_reason, input_tokens, output_tokens, latency_ms) FROM results WHERE id = '{answer.Id}'"));
        using var http = app.CreateClient();
        Assert.Equal(answer, await http.GetFromJsonAsync($"/api/results/{answer.Id}", ContractsJsonContext.Default.InferenceResult, CancellationToken).DefaultTimeout());
        Assert.Equal(unreported, await http.GetFromJsonAsync($"/api/results/{unreported.Id}", ContractsJsonContext.Default.InferenceResult, CancellationToken).DefaultTimeout());
        Assert.Equal([answer, unreported], await http.GetFromJsonAsync<List<InferenceResult>>("/api/results", CancellationToken).DefaultTimeout());
    }

    [Fact]
    public async Task MessagesThatCannotBeStoredGoToTheDeadLetterTopicAndTheNextOneIsStored()
    {
        await using var kafka = await TestKafka.StartAsync();
        await using var app = new ResultsApp(await server.CreateAsync(), kafka.BootstrapServers);
        await app.WaitForMigrationAsync();
        using var metrics = new MetricRecorder(app.Services.GetRequiredService<IMeterFactory>());
        using var topic = new ResultTopic(kafka.BootstrapServers);
        var valid = TestResults.Create();

        await topic.ProduceRawAsync("garbage", Encoding.UTF8.GetBytes("this is not JSON"));
        await topic.ProduceRawAsync("incomplete", Encoding.UTF8.GetBytes($$"""{"id":"{{Guid.NewGuid()}}","label":"positive"}"""));
        await topic.ProduceAsync(TestResults.Create() with { Text = "poison pill \ufffe" });
        await topic.ProduceAsync(valid);

        var store = app.GetRequiredService<ResultStore>();
        await AsyncTestHelpers.WaitUntilAsync(async () => await store.GetAsync(valid.Id, CancellationToken) is not null);
        Assert.Equal(3, metrics.Sum("aimesh.kafka.dead_letters", "topic", Topics.Results));
        Assert.Equal(1, metrics.Sum("aimesh.results.stored"));
        Assert.Single(await store.GetLatestAsync(10, CancellationToken));

        var letters = TopicReader.ReadAll(kafka.BootstrapServers, Topics.ResultsDeadLetters).Select(DeadLetter.From).OrderBy(letter => letter.SourceOffset).ToList();
        Assert.Equal(["garbage", "incomplete"], letters.Take(2).Select(letter => letter.Key));
        Assert.Equal("this is not JSON", letters[0].Value);
        Assert.All(letters, letter => Assert.Equal((Topics.Results, 0, typeof(InvalidResultException).FullName), (letter.SourceTopic, letter.SourcePartition!.Value, letter.ErrorType)));
        Assert.Contains("noncharacter", letters[2].ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AResultWaitsForTheDatabaseAndIsNeverSkipped()
    {
        await using var kafka = await TestKafka.StartAsync();
        var connectionString = await server.CreateAsync();
        await using var app = new ResultsApp(connectionString, kafka.BootstrapServers, s_fastRetries);
        await app.WaitForMigrationAsync();
        using var topic = new ResultTopic(kafka.BootstrapServers);
        var store = app.GetRequiredService<ResultStore>();
        var before = TestResults.Create(completedAt: TestResults.BaseTime);
        var during = TestResults.Create(completedAt: TestResults.BaseTime.AddMinutes(1));
        var after = TestResults.Create(completedAt: TestResults.BaseTime.AddMinutes(2));
        await topic.ProduceAsync(before);
        await AsyncTestHelpers.WaitUntilAsync(async () => await store.GetAsync(before.Id, CancellationToken) is not null);
        await using var database = NpgsqlDataSource.Create(connectionString);

        // Without its table the database refuses every insert, as it would while unreachable.
        await database.ExecuteAsync("ALTER TABLE results RENAME TO results_away");
        await topic.ProduceAsync(during);
        await topic.ProduceAsync(after);
        await AsyncTestHelpers.WaitUntilAsync(async () => (await ConsumerHealthAsync(app)).Status == HealthStatus.Degraded);
        using (var http = app.CreateClient())
        using (var unavailable = await http.GetAsync("/api/results", CancellationToken).DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
            Assert.Equal("application/problem+json", unavailable.Content.Headers.ContentType?.MediaType);
        }

        await database.ExecuteAsync("ALTER TABLE results_away RENAME TO results");

        await AsyncTestHelpers.WaitUntilAsync(async () => await store.GetAsync(after.Id, CancellationToken) is not null);
        Assert.Equal([after.Id, during.Id, before.Id], (await store.GetLatestAsync(10, CancellationToken)).Select(r => r.Id));
        await AsyncTestHelpers.WaitUntilAsync(async () => (await ConsumerHealthAsync(app)).Status == HealthStatus.Healthy);
    }

    [Fact]
    public async Task TheServiceWaitsForADatabaseThatIsNotThereYetThenCatchesUp()
    {
        await using var kafka = await TestKafka.StartAsync();
        var name = $"later_{Guid.NewGuid():N}";
        var connectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString;
        await using var app = new ResultsApp(connectionString, kafka.BootstrapServers, s_fastRetries);
        using var topic = new ResultTopic(kafka.BootstrapServers);
        var result = TestResults.Create();
        await topic.ProduceAsync(result);
        var migration = app.GetRequiredService<MigrationState>();
        await AsyncTestHelpers.WaitUntilAsync(() => migration.FailedAttempts >= 2);

        var health = await HealthAsync(app);
        Assert.Equal(HealthStatus.Unhealthy, health.Entries[MigrationHealthCheck.Name].Status);
        Assert.Contains(name, health.Entries[MigrationHealthCheck.Name].Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Degraded, health.Entries[ConsumerHealthCheck.Name].Status);
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        using var http = app.CreateClient();
        using (var notReady = await http.GetAsync($"/api/results/{result.Id}", CancellationToken).DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Equal("application/problem+json", notReady.Content.Headers.ContentType?.MediaType);
        }

        await server.CreateDatabaseAsync(name, CancellationToken).DefaultTimeout();

        await app.WaitForMigrationAsync();
        var store = app.GetRequiredService<ResultStore>();
        await AsyncTestHelpers.WaitUntilAsync(async () => await store.GetAsync(result.Id, CancellationToken) is not null);
        await AsyncTestHelpers.WaitUntilAsync(async () => (await HealthAsync(app)).Status == HealthStatus.Healthy);
    }

    [Fact]
    public async Task ABurstThatWaitedForTheServiceIsStoredInBatchesWithOneRowAndOnePushEach()
    {
        await using var kafka = await TestKafka.StartAsync();
        var name = $"burst_{Guid.NewGuid():N}";
        var connectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString;
        await using var app = new ResultsApp(connectionString, kafka.BootstrapServers, s_fastRetries);
        using var metrics = new MetricRecorder(app.Services.GetRequiredService<IMeterFactory>());
        using var client = await app.ConnectResultStreamAsync();
        using var topic = new ResultTopic(kafka.BootstrapServers);
        var burst = Enumerable.Range(0, 50).Select(i => TestResults.Create(completedAt: TestResults.BaseTime.AddSeconds(i))).ToList();

        // The consumer waits for a database that is not there yet, so the whole burst is on the topic
        // before it reads the first message.
        foreach (var result in burst)
        {
            await topic.ProduceAsync(result);
        }

        await server.CreateDatabaseAsync(name, CancellationToken).DefaultTimeout();

        Assert.Equal(burst, await client.ReceiveResultsAsync(burst.Count));
        await using var database = NpgsqlDataSource.Create(connectionString);
        Assert.Equal(50L, await database.ScalarAsync<long>("SELECT count(*) FROM results"));
        await AsyncTestHelpers.WaitUntilAsync(() => metrics.Sum("aimesh.results.stored") == 50);
        var batches = metrics.Measurements.Where(measurement => measurement.Instrument == "aimesh.results.batch.size").ToList();
        Assert.Equal(50, batches.Sum(batch => batch.Value));
        Assert.True(batches.Count < 50, $"The burst took {batches.Count} batches: every message was stored on its own.");
    }

    [Fact]
    public async Task AServiceThatStopsBeforeItsOffsetsAreCommittedIsFollowedByOneThatReadsTheBatchesAgainAndKeepsOneRowPerId()
    {
        await using var kafka = await TestKafka.StartAsync();
        var connectionString = await server.CreateAsync();
        using var topic = new ResultTopic(kafka.BootstrapServers);
        var first = Enumerable.Range(0, 20).Select(i => TestResults.Create(completedAt: TestResults.BaseTime.AddSeconds(i))).ToList();
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using (var crashing = new ResultsApp(connectionString, kafka.BootstrapServers, new Dictionary<string, string?>
        {
            // Nothing is ever committed: as if the process died right after each batch's insert.
            ["Aspire:Confluent:Kafka:Consumer:kafka:Config:EnableAutoCommit"] = "false",
        }))
        {
            await crashing.WaitForMigrationAsync();
            foreach (var result in first)
            {
                await topic.ProduceAsync(result);
            }

            await AsyncTestHelpers.WaitUntilAsync(async () => await database.ScalarAsync<long>("SELECT count(*) FROM results") == first.Count);
        }

        await using var successor = new ResultsApp(connectionString, kafka.BootstrapServers);
        await successor.WaitForMigrationAsync();
        using var client = await successor.ConnectResultStreamAsync();
        var next = TestResults.Create();
        await topic.ProduceAsync(next);

        Assert.Equal(next, await client.ReceiveResultAsync());
        await AsyncTestHelpers.WaitUntilAsync(() => successor.LogLines.Count(line => line.Contains("was stored already", StringComparison.Ordinal)) == first.Count);
        Assert.Equal(first.Count + 1L, await database.ScalarAsync<long>("SELECT count(*) FROM results"));
        Assert.Equal(first.Select(result => result.Label), await Task.WhenAll(first.Select(async result => (await successor.GetRequiredService<ResultStore>().GetAsync(result.Id, CancellationToken))!.Label)));
        Assert.Empty(TopicReader.ReadAll(kafka.BootstrapServers, Topics.ResultsDeadLetters));
    }

    [Fact]
    public async Task HealthIsServedOnceMigratedAndConsuming()
    {
        await using var kafka = await TestKafka.StartAsync();
        await using var app = new ResultsApp(await server.CreateAsync(), kafka.BootstrapServers);
        await app.WaitForMigrationAsync();
        using var http = app.CreateClient();

        await AsyncTestHelpers.WaitUntilAsync(async () => (await ConsumerHealthAsync(app)).Status == HealthStatus.Healthy);
        using var response = await http.GetAsync("/health", CancellationToken).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(CancellationToken));
    }

    private static Task<HealthReport> HealthAsync(ResultsApp app) =>
        app.GetRequiredService<HealthCheckService>().CheckHealthAsync(CancellationToken);

    private static async Task<HealthReportEntry> ConsumerHealthAsync(ResultsApp app) =>
        (await app.GetRequiredService<HealthCheckService>().CheckHealthAsync(check => check.Name == ConsumerHealthCheck.Name, CancellationToken)).Entries[ConsumerHealthCheck.Name];
}
