using System.Net;
using System.Net.Http.Json;
using AiMesh.Ingest.Tests.Infrastructure;

namespace AiMesh.Ingest.Tests.Api;

/// <summary>
/// Kafka slow: a text that reached a broker which did not answer within the publish timeout is not
/// refused (503), for the broker writes it after all. It is answered 504 with the id it is processed
/// under, and no Retry-After: sending it again would have it processed twice.
/// </summary>
public sealed class SubscribeWhenKafkaIsSlowTests
{
    // Far longer than the publish timeout, so only librdkafka's verdict or Ingest's own cap ends the wait.
    private static readonly TimeSpan s_brokersAnswerAfter = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task ATextABrokerTookButDidNotAcknowledgeInTimeIsAnswered504WithItsIdAndIsWrittenAllTheSame()
    {
        // Every text goes to broker 1, so the first accepted one leaves the producer connected to the broker
        // the slow one goes to: the slow text surely leaves Ingest.
        await using var ingest = new IngestWithKafka
        {
            Settings = new Dictionary<string, string?> { ["Ingest:PublishTimeout"] = "00:00:02" },
            DataTopicLeader = 1,
        };
        await ingest.InitializeAsync();
        var kafka = ingest.Kafka;
        using var client = ingest.App.CreateClient();
        using (var first = await PostAsync(client, "before the brokers slow down").DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        Guid id;
        kafka.SetAllBrokersRoundTrip(s_brokersAnswerAfter);
        try
        {
            using var response = await PostAsync(client, "while the brokers are slow").DefaultTimeout(TimeSpan.FromSeconds(30));

            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.GatewayTimeout);
            id = Guid.Parse(problem.GetProperty("id").GetString()!);
            Assert.Equal($"/api/results/{id}", problem.GetProperty("result").GetString());
            Assert.Contains(id.ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Null(response.Headers.RetryAfter);
            Assert.Null(response.Headers.Location);
        }
        finally
        {
            kafka.SetAllBrokersRoundTrip(TimeSpan.Zero);
        }

        // The broker had the text when Ingest answered: the 504 told the truth by not refusing it.
        var written = await ingest.DataTopic.ReadAsync(id.ToString()).DefaultTimeout(TimeSpan.FromSeconds(30));
        Assert.Contains("while the brokers are slow", written.Message.Value, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string text) =>
        client.PostAsJsonAsync("/api/subscribe", new { text }, TestContext.Current.CancellationToken);
}
