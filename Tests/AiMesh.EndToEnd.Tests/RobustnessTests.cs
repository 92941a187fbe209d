using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AiMesh.Contracts;
using AiMesh.EndToEnd.Tests.Support;
using AiMesh.Tests.Http;
using Confluent.Kafka;

namespace AiMesh.EndToEnd.Tests;

/// <summary>
/// The whole pipeline against input no user should send: a poison message written straight to
/// data-topic, and thousands of malformed requests at Ingest. Nothing stops the pipeline, nothing is
/// answered with a 5xx, nothing restarts, and everything accepted is stored.
/// </summary>
public sealed partial class RobustnessTests(WholeAppFixture fixture) : IClassFixture<WholeAppFixture>, IDisposable
{
    private const int FuzzRequests = 2_000;
    private static readonly TimeSpan s_storeTimeout = TimeSpan.FromMinutes(3);

    private readonly LogsOnFailure _logsOnFailure = new(fixture.WholeApp);
    private readonly WholeApp _wholeApp = fixture.WholeApp;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_poison_message_written_straight_to_data_topic_is_dead_lettered_and_every_text_after_it_is_stored()
    {
        var app = _wholeApp.App;
        var processes = _wholeApp.Processes();
        var database = (await app.GetConnectionStringAsync("aimesh", Cancellation).DefaultTimeout())!;
        var kafka = (await app.GetConnectionStringAsync("kafka", Cancellation).DefaultTimeout())!;
        using var ingest = app.CreateHttpClient("ingest");

        // The text Ingest refuses at the door, written by a producer that is not Ingest, into every partition.
        var poison = Encoding.UTF8.GetBytes($$"""{"id":"{{Guid.CreateVersion7()}}","text":"poison pill \ufffe","acceptedAt":"2026-12-04T00:00:00Z"}""");
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka }).Build())
        {
            for (var partition = 0; partition < 8; partition++)
            {
                await producer.ProduceAsync(new TopicPartition(Topics.Data, partition), new Message<string, byte[]> { Key = $"poison-{partition}", Value = poison }, Cancellation).DefaultTimeout();
            }
        }

        using (var refused = await ingest.PostAsync("/api/subscribe", new StringContent("""{"text":"poison pill \ufffe"}""", Encoding.UTF8, "application/json"), Cancellation).DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        var accepted = await AcceptedTexts.SubmitAsync(ingest, Enumerable.Range(0, 100).Select(i => $"Text {i} after the poison is fine."));
        await ResultRows.WaitForAsync(database, accepted, s_storeTimeout).DefaultTimeout(s_storeTimeout + TimeSpan.FromSeconds(10));

        var deadLetters = await ingest.GetFromJsonAsync<JsonElement>("/api/dead-letters/data-topic?limit=100", Cancellation).DefaultTimeout();
        var keys = deadLetters.EnumerateArray().Select(letter => letter.GetProperty("key").GetString()).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 8).Select(partition => $"poison-{partition}"), keys);
        Assert.All(deadLetters.EnumerateArray(), letter => Assert.Contains("noncharacter", letter.GetProperty("errorMessage").GetString(), StringComparison.Ordinal));
        Assert.Equal(processes, _wholeApp.Processes());
    }

    [Fact]
    public async Task Thousands_of_malformed_requests_get_no_5xx_restart_nothing_and_every_accepted_text_is_stored()
    {
        var app = _wholeApp.App;
        var processes = _wholeApp.Processes();
        var database = (await app.GetConnectionStringAsync("aimesh", Cancellation).DefaultTimeout())!;
        var endpoint = app.GetEndpoint("ingest");
        var requests = new MalformedRequests(seed: 20261204).Create(FuzzRequests, maxStalled: 24);
        var answers = new ConcurrentBag<(MalformedRequest Request, RawHttpResponse Response)>();

        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 24, CancellationToken = Cancellation }, async (request, cancellationToken) =>
            answers.Add((request, await MalformedRequestSender.SendAsync(endpoint, "/api/subscribe", request, cancellationToken))))
            .DefaultTimeout(TimeSpan.FromMinutes(5));

        Assert.Equal(FuzzRequests, answers.Count);
        var serverErrors = answers.Where(answer => answer.Response.Status >= 500).ToList();
        Assert.True(serverErrors.Count == 0, $"{serverErrors.Count} answers were 5xx:\n{string.Join("\n", serverErrors.Take(10).Select(Describe))}");

        // Only a client that closed its side before the end of its body (Kestrel then takes the connection
        // as gone) or that sends far more than allowed may be left without an answer.
        var unanswered = answers.Where(answer => answer.Response.Status is null
            && answer.Request.Ending != RequestEnding.ShortThenClose
            && !answer.Request.Kind.Contains("over the limit", StringComparison.Ordinal)).ToList();
        Assert.True(unanswered.Count == 0, $"{unanswered.Count} requests got no answer:\n{string.Join("\n", unanswered.Take(10).Select(Describe))}");

        // A client that stalls or trickles its body is answered 408, not held forever.
        var slow = answers.Where(answer => answer.Request.Ending is RequestEnding.ShortThenStall or RequestEnding.Trickle).ToList();
        Assert.NotEmpty(slow);
        Assert.All(slow, answer => Assert.True(answer.Response.Status is 400 or 408, Describe(answer)));

        var acceptedIds = answers.Where(answer => answer.Response.Status == 202).Select(answer => Guid.Parse(AcceptedId().Match(answer.Response.Body).Groups["id"].Value)).ToList();
        Assert.NotEmpty(acceptedIds);
        Assert.DoesNotContain(answers, answer => answer.Response.Status == 202 && answer.Request.Kind is "refused text" or "invalid UTF-8 in the text" or "text over the limit");

        var stored = await ResultRows.WaitForAsync(database, acceptedIds, s_storeTimeout).DefaultTimeout(s_storeTimeout + TimeSpan.FromSeconds(10));
        Assert.Equal(acceptedIds.Count, stored.Count);
        Assert.Equal(processes, _wholeApp.Processes());
    }

    public void Dispose() => _logsOnFailure.Dispose();

    private static string Describe((MalformedRequest Request, RawHttpResponse Response) answer) =>
        $"{answer.Response.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} for {answer.Request}: {answer.Response.Body[..Math.Min(300, answer.Response.Body.Length)]}";

    [GeneratedRegex("\"id\":\"(?<id>[0-9a-f-]{36})\"")]
    private static partial Regex AcceptedId();
}
