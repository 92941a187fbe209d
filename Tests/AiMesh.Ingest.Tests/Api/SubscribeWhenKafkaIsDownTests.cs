using System.Net;
using System.Net.Http.Json;
using AiMesh.Contracts;
using AiMesh.Ingest.Messaging;
using AiMesh.Ingest.Tests.Infrastructure;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;

namespace AiMesh.Ingest.Tests.Api;

/// <summary>
/// Kafka away: while every broker is down a text is refused at once with 503 and Retry-After, and
/// <c>/health</c> is Unhealthy; both recover once a broker is back. The publish timeout is 30 s, so a
/// refusal that waited it out fails the bounds here. Tests that take brokers down have a cluster each.
/// </summary>
public sealed class SubscribeWhenKafkaIsDownTests
{
    private static readonly Dictionary<string, string?> s_longPublishTimeout = new() { ["Ingest:PublishTimeout"] = "00:00:30" };

    // Generous, yet a third of the publish timeout: the bounds tell "at once" from "waited it out".
    private static readonly TimeSpan s_wellBeforeThePublishTimeout = TimeSpan.FromSeconds(10);

    // How long Ingest may take to notice brokers going down or coming back, on a busy machine.
    private static readonly TimeSpan s_toNotice = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task WhileEveryBrokerIsDownATextIsRefusedAtOnceWith503AndRetryAfterAndHealthIsUnhealthy()
    {
        await using var ingest = await StartAsync(s_longPublishTimeout);
        using var client = ingest.App.CreateClient();
        await AssertAcceptedAsync(client, "before the outage");

        ingest.Kafka.SetAllBrokersDown();
        await AsyncTestHelpers.WaitUntilAsync(async () => await HealthAsync(client) == HttpStatusCode.ServiceUnavailable, s_toNotice);

        using var response = await PostAsync(client, "during the outage").DefaultTimeout(s_wellBeforeThePublishTimeout);
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("Kafka is unreachable", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(KafkaAvailability.RetryAfter, response.Headers.RetryAfter?.Delta);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task OnceTheBrokersAreBackTextsAreAcceptedAgainAndHealthIsHealthy()
    {
        await using var ingest = await StartAsync(s_longPublishTimeout);
        using var client = ingest.App.CreateClient();
        await AssertAcceptedAsync(client, "before the outage");
        ingest.Kafka.SetAllBrokersDown();
        await AsyncTestHelpers.WaitUntilAsync(async () => await HealthAsync(client) == HttpStatusCode.ServiceUnavailable, s_toNotice);

        ingest.Kafka.SetAllBrokersUp();

        await AsyncTestHelpers.WaitUntilAsync(async () => await HealthAsync(client) == HttpStatusCode.OK, s_toNotice);
        var id = await AssertAcceptedAsync(client, "after the outage");
        Assert.Equal(id.ToString(), (await ingest.DataTopic.ReadAsync(id.ToString()).DefaultTimeout()).Message.Key);
    }

    [Fact]
    public async Task ABrokerRefusingConnectionsWhileNoOtherAnswersInTimeMakesKafkaUnreachableWithoutLibrdkafkaReportingEveryBrokerDown()
    {
        // Every text goes to broker 1. Broker 1 goes down; the other two stay up but answer nothing for far
        // longer than a probe waits, so librdkafka never reports every broker down: only the probe that a
        // refused connection calls for can tell.
        await using var ingest = await StartAsync(new() { ["Ingest:PublishTimeout"] = "00:00:01" }, dataTopicLeader: 1);
        var kafka = ingest.Kafka;
        using var client = ingest.App.CreateClient();
        await AssertAcceptedAsync(client, "before the outage");
        kafka.SetAllBrokersRoundTrip(TimeSpan.FromSeconds(30));
        kafka.SetBrokerDown(1);
        try
        {
            // The producer connects to broker 1 again for the next text, and is refused.
            // Produced while Kafka still seemed reachable, so it waits out the publish timeout.
            using var first = await PostAsync(client, "as the outage begins").DefaultTimeout(s_wellBeforeThePublishTimeout);
            Assert.Equal(HttpStatusCode.GatewayTimeout, first.StatusCode);
            await AsyncTestHelpers.WaitUntilAsync(async () => await HealthAsync(client) == HttpStatusCode.ServiceUnavailable, s_toNotice);

            using var response = await PostAsync(client, "during the outage").DefaultTimeout(s_wellBeforeThePublishTimeout);
            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("no broker answered", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(KafkaAvailability.RetryAfter, response.Headers.RetryAfter?.Delta);
        }
        finally
        {
            // As in the leader test below: the cluster is taken down from a normal state.
            kafka.SetAllBrokersRoundTrip(TimeSpan.Zero);
            kafka.SetBrokerUp(1);
        }
    }

    [Fact]
    public async Task AKafkaThatWasNeverReachedIsUnhealthyAndRefusesTextsAtOnce()
    {
        await using var app = IngestApp.WithKafka($"127.0.0.1:{Ports.Closed()}", s_longPublishTimeout);
        using var client = app.CreateClient();

        // librdkafka reports its one broker down within moments of the producer's start.
        var availability = app.Services.GetRequiredService<KafkaAvailability>();
        await AsyncTestHelpers.WaitUntilAsync(() => availability.Current.Reachability == KafkaReachability.Unreachable, s_toNotice);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await HealthAsync(client));
        using var response = await PostAsync(client, "I love this").DefaultTimeout(s_wellBeforeThePublishTimeout);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(KafkaAvailability.RetryAfter, response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task ATextWhosePartitionLeaderIsDownWaitsThePublishTimeoutThenIsAnswered504()
    {
        await using var ingest = await StartAsync(new() { ["Ingest:PublishTimeout"] = "00:00:01" }, dataTopicLeader: 1);
        using var client = ingest.App.CreateClient();
        ingest.Kafka.SetBrokerDown(1);
        try
        {
            Assert.All(ingest.DataTopic.Leaders(), leader => Assert.Equal(1, leader));

            // The other brokers answer, so Kafka is reachable: the text waits for its verdict. A timeout
            // cannot tell a text no broker had from one a slow broker writes later: see SubscribeWhenKafkaIsSlowTests.
            using var response = await PostAsync(client, "I love this").DefaultTimeout(TimeSpan.FromSeconds(30));

            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.GatewayTimeout);
            Assert.Contains("did not acknowledge", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.True(Guid.TryParse(problem.GetProperty("id").GetString(), out _));
            Assert.Null(response.Headers.RetryAfter);
            Assert.Equal(HttpStatusCode.OK, await HealthAsync(client));
        }
        finally
        {
            // Destroying the mock cluster while a broker that leads partitions is down crashed the test
            // process now and then (SIGSEGV inside librdkafka, about one run in eight): the clients and
            // the cluster are taken down from a normal state instead.
            ingest.Kafka.SetBrokerUp(1);
        }
    }

    [Fact]
    public async Task TheProducerItselfGivesUpOnAMessageAfterThePublishTimeout()
    {
        await using var app = IngestApp.WithKafka($"127.0.0.1:{Ports.Closed()}", new Dictionary<string, string?> { ["Ingest:PublishTimeout"] = "00:00:01" });
        var producer = app.Services.GetRequiredService<IProducer<string, TextSubmitted>>();
        var message = new Message<string, TextSubmitted> { Key = "k", Value = new TextSubmitted(Guid.CreateVersion7(), "t", DateTimeOffset.UtcNow) };

        // The default message timeout is five minutes: only librdkafka's message timeout can end this wait
        // before the test's own timeout.
        var failure = await Assert.ThrowsAsync<ProduceException<string, TextSubmitted>>(
            () => producer.ProduceAsync(Topics.Data, message, TestContext.Current.CancellationToken).DefaultTimeout());

        Assert.Equal(ErrorCode.Local_MsgTimedOut, failure.Error.Code);
        Assert.Equal(PersistenceStatus.NotPersisted, failure.DeliveryResult.Status);
    }

    private static async Task<IngestWithKafka> StartAsync(Dictionary<string, string?> settings, int? dataTopicLeader = null)
    {
        var ingest = new IngestWithKafka { Settings = settings, DataTopicLeader = dataTopicLeader };
        await ingest.InitializeAsync();
        return ingest;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string text) =>
        client.PostAsJsonAsync("/api/subscribe", new { text }, TestContext.Current.CancellationToken);

    private static async Task<Guid> AssertAcceptedAsync(HttpClient client, string text)
    {
        using var response = await PostAsync(client, text).DefaultTimeout();
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SubscriptionAcceptedBody>(TestContext.Current.CancellationToken))!.Id;
    }

    private static async Task<HttpStatusCode> HealthAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health", TestContext.Current.CancellationToken).DefaultTimeout();
        return response.StatusCode;
    }

    private sealed record SubscriptionAcceptedBody(Guid Id);
}
