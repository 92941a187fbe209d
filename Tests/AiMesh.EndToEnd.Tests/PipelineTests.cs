using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiMesh.Contracts;
using AiMesh.EndToEnd.Tests.Support;

namespace AiMesh.EndToEnd.Tests;

/// <summary>
/// The whole pipeline, started as the AppHost declares it: texts posted to Ingest come back as rows in
/// PostgreSQL and as WebSocket messages, spread over the replicas, and repeats come from the cache.
/// </summary>
public sealed class PipelineTests : IDisposable
{
    private const int BatchSize = 200;
    private static readonly TimeSpan s_batchTimeout = TimeSpan.FromMinutes(3);

    private readonly LogsOnFailure _logsOnFailure = new();

    [Fact]
    public async Task Two_hundred_texts_flow_through_every_stage_and_their_repeats_are_answered_from_the_cache()
    {
        IReadOnlyList<AppProcess> processes;
        await using (var wholeApp = _logsOnFailure.Watch(await WholeApp.StartAsync()))
        {
            var app = wholeApp.App;
            var database = (await app.GetConnectionStringAsync("aimesh", TestContext.Current.CancellationToken).DefaultTimeout())!;
            var received = new ConcurrentDictionary<Guid, InferenceResult>();
            await using var stream = await ResultsStream.ConnectAsync(app.GetEndpoint("results"), (result, _) => received[result.Id] = result);
            using var ingest = app.CreateHttpClient("ingest");
            var samples = SampleTexts.Create(BatchSize);

            // First pass: every text is new, so every answer comes from a model run.
            var first = await SubmitAsync(ingest, samples);
            var firstRows = await WaitForRowsAsync(database, first.Keys);

            Assert.Equal(BatchSize, firstRows.Select(row => row.Id).Distinct().Count());
            Assert.All(firstRows, row => Assert.Equal(first[row.Id].Text, row.Text));
            Assert.All(firstRows, row => Assert.False(row.Cached, $"'{row.Text}' was answered from the cache on its first submission."));
            Assert.All(firstRows, row => Assert.Equal("sentiment", row.Model));
            Assert.Single(firstRows.Select(row => row.ModelVersion).Distinct(), version => !string.IsNullOrEmpty(version));
            foreach (var row in firstRows.Where(row => first[row.Id].ExpectedLabel is not null))
            {
                Assert.True(first[row.Id].ExpectedLabel == row.Label, $"'{row.Text}' was labeled {row.Label}, expected {first[row.Id].ExpectedLabel}.");
            }

            Assert.True(firstRows.Select(row => row.InferenceInstance).Distinct().Count() > 1, "One Inference replica handled every text.");
            Assert.True(firstRows.Select(row => row.AiInstance).Distinct().Count() > 1, "One Ai replica answered every text.");

            // Second pass: the same texts again, new ids, every answer from the cache and the same as before.
            var second = await SubmitAsync(ingest, samples);
            var secondRows = await WaitForRowsAsync(database, second.Keys);
            var firstLabels = firstRows.ToDictionary(row => row.Text, row => row.Label);

            Assert.Equal(BatchSize, secondRows.Count);
            Assert.All(secondRows, row => Assert.True(row.Cached, $"'{row.Text}' was not answered from the cache when repeated."));
            Assert.All(secondRows, row => Assert.Equal(firstLabels[row.Text], row.Label));

            // Every stored result also reached the WebSocket client.
            var everyId = first.Keys.Concat(second.Keys).ToList();
            await WaitForWebSocketAsync(received, everyId);

            processes = wholeApp.Processes();
            Assert.Contains(processes, process => process.Replica.StartsWith("inference-", StringComparison.Ordinal));
        }

        Assert.Empty(await AppProcess.StillAliveAfterAsync(processes, TimeSpan.FromSeconds(15)));
    }

    public void Dispose() => _logsOnFailure.Dispose();

    /// <summary>Posts every text (a few at a time, like many users) and returns the accepted ids.</summary>
    private static async Task<IReadOnlyDictionary<Guid, SampleText>> SubmitAsync(HttpClient ingest, IReadOnlyList<SampleText> samples)
    {
        var accepted = new ConcurrentDictionary<Guid, SampleText>();
        await Parallel.ForEachAsync(samples, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (sample, cancellationToken) =>
        {
            using var response = await ingest.PostAsJsonAsync("/api/subscribe", new { text = sample.Text }, cancellationToken);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var id = body.GetProperty("id").GetGuid();
            Assert.Equal($"/api/results/{id}", response.Headers.Location?.OriginalString);
            Assert.True(accepted.TryAdd(id, sample), $"Ingest gave id {id} twice.");
        }).DefaultTimeout(s_batchTimeout);

        return accepted;
    }

    private static async Task<IReadOnlyList<ResultRow>> WaitForRowsAsync(string database, IEnumerable<Guid> ids)
    {
        var expected = ids.ToList();
        try
        {
            return await ResultRows.WaitForAsync(database, expected, s_batchTimeout);
        }
        catch (TimeoutException ex)
        {
            var stored = await ResultRows.ReadAsync(database, expected);
            throw new TimeoutException($"Only {stored.Count} of {expected.Count} results were stored.", ex);
        }
    }

    private static async Task WaitForWebSocketAsync(IReadOnlyDictionary<Guid, InferenceResult> received, IReadOnlyCollection<Guid> ids)
    {
        try
        {
            await AsyncTestHelpers.WaitUntilAsync(() => ids.All(received.ContainsKey), TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"The WebSocket client got {ids.Count(received.ContainsKey)} of {ids.Count} results.", ex);
        }
    }
}
