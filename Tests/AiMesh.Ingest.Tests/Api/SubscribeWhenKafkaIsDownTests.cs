using System.Net;
using System.Net.Http.Json;
using AiMesh.Contracts;
using AiMesh.Ingest.Tests.Infrastructure;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;

namespace AiMesh.Ingest.Tests.Api;

public sealed class SubscribeWhenKafkaIsDownTests
{
    private static readonly Dictionary<string, string?> s_shortPublishTimeout = new() { ["Ingest:PublishTimeout"] = "00:00:01" };

    [Fact]
    public async Task ATextKafkaDoesNotAcknowledgeIsRefusedWith503AndRetryAfterWithinABound()
    {
        await using var app = IngestApp.WithKafka($"127.0.0.1:{Ports.Closed()}", s_shortPublishTimeout);
        using var client = app.CreateClient();

        // The default message timeout is five minutes: this bound fails if the publish timeout is not applied.
        using var response = await client.PostAsJsonAsync("/api/subscribe", new { text = "I love this" }, TestContext.Current.CancellationToken)
            .DefaultTimeout(TimeSpan.FromSeconds(30));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("did not acknowledge", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task TheProducerItselfGivesUpOnAMessageAfterThePublishTimeout()
    {
        await using var app = IngestApp.WithKafka($"127.0.0.1:{Ports.Closed()}", s_shortPublishTimeout);
        var producer = app.Services.GetRequiredService<IProducer<string, TextSubmitted>>();
        var message = new Message<string, TextSubmitted> { Key = "k", Value = new TextSubmitted(Guid.CreateVersion7(), "t", DateTimeOffset.UtcNow) };

        // Only librdkafka's message timeout can end this wait before the test's own timeout.
        var failure = await Assert.ThrowsAsync<ProduceException<string, TextSubmitted>>(
            () => producer.ProduceAsync(Topics.Data, message, TestContext.Current.CancellationToken).DefaultTimeout());

        Assert.Equal(ErrorCode.Local_MsgTimedOut, failure.Error.Code);
        Assert.Equal(PersistenceStatus.NotPersisted, failure.DeliveryResult.Status);
    }
}
