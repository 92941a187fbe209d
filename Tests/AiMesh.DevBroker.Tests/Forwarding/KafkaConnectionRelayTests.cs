using System.Buffers.Binary;
using AiMesh.DevBroker.Forwarding;
using AiMesh.DevBroker.Tests.TestSupport;

namespace AiMesh.DevBroker.Tests.Forwarding;

public sealed class KafkaConnectionRelayTests
{
    // Longer than any test's timeout: a fetch answered before the test ends was not answered by its wait running out.
    private const int LongWaitMs = 600_000;

    private static readonly TimeSpan s_whileHeld = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task A_fetch_reaches_the_mock_without_its_wait_and_otherwise_unchanged()
    {
        await using var connection = new RelayedConnection(new DataArrivals());
        var request = KafkaFrames.FetchRequest(1, maxWaitMs: 500);

        var forwarded = await connection.SendAsync(request);

        Assert.True(KafkaRequest.TryRead(new(request), out var header));
        Assert.True(header.TryFindFetchWait(new(request), out var offset, out _));
        Assert.Equal(0, BinaryPrimitives.ReadInt32BigEndian(forwarded.AsSpan(offset)));
        Assert.Equal(request[..offset], forwarded[..offset]);
        Assert.Equal(request[(offset + 4)..], forwarded[(offset + 4)..]);
    }

    [Fact]
    public async Task An_empty_fetch_answer_and_the_ones_after_it_wait_for_a_produce_to_the_same_broker()
    {
        var arrivals = new DataArrivals();
        await using var consumer = new RelayedConnection(arrivals);
        await using var producer = new RelayedConnection(arrivals);
        await consumer.SendAsync(KafkaFrames.FetchRequest(1, LongWaitMs));
        await consumer.SendAsync(KafkaFrames.Request(KafkaApiKey.Metadata, 2, 2));

        await consumer.AnswerAsync(KafkaFrames.FetchResponse(1, 16, [0, 0]));
        await consumer.AnswerAsync(KafkaFrames.Response(2));
        await Task.Delay(s_whileHeld, TestContext.Current.CancellationToken);
        Assert.False(consumer.ClientHasUnread());

        await producer.SendAsync(KafkaFrames.ProduceRequest(7, acks: -1));
        await producer.AnswerAsync(KafkaFrames.Response(7));
        Assert.Equal(7, RelayedConnection.CorrelationIdOf(await producer.ReceiveAsync()));

        Assert.Equal(1, RelayedConnection.CorrelationIdOf(await consumer.ReceiveAsync()));
        Assert.Equal(2, RelayedConnection.CorrelationIdOf(await consumer.ReceiveAsync()));
    }

    [Fact]
    public async Task A_produce_answered_while_the_mock_was_answering_the_fetch_releases_it_at_once()
    {
        var arrivals = new DataArrivals();
        await using var consumer = new RelayedConnection(arrivals);
        await using var producer = new RelayedConnection(arrivals);
        await consumer.SendAsync(KafkaFrames.FetchRequest(1, LongWaitMs));

        await producer.SendAsync(KafkaFrames.ProduceRequest(7, acks: -1));
        await producer.AnswerAsync(KafkaFrames.Response(7));
        await producer.ReceiveAsync();
        await consumer.AnswerAsync(KafkaFrames.FetchResponse(1, 16, [0]));

        Assert.Equal(1, RelayedConnection.CorrelationIdOf(await consumer.ReceiveAsync()));
    }

    [Fact]
    public async Task A_produce_to_another_broker_does_not_release_it()
    {
        await using var consumer = new RelayedConnection(new DataArrivals());
        await using var producer = new RelayedConnection(new DataArrivals());
        await consumer.SendAsync(KafkaFrames.FetchRequest(1, LongWaitMs));
        await consumer.AnswerAsync(KafkaFrames.FetchResponse(1, 16, [0]));

        await producer.SendAsync(KafkaFrames.ProduceRequest(7, acks: -1));
        await producer.AnswerAsync(KafkaFrames.Response(7));
        await producer.ReceiveAsync();
        await Task.Delay(s_whileHeld, TestContext.Current.CancellationToken);

        Assert.False(consumer.ClientHasUnread());
    }

    [Fact]
    public async Task An_empty_fetch_answer_is_given_once_the_consumers_own_wait_is_over()
    {
        await using var consumer = new RelayedConnection(new DataArrivals());
        await consumer.SendAsync(KafkaFrames.FetchRequest(1, maxWaitMs: 200));

        await consumer.AnswerAsync(KafkaFrames.FetchResponse(1, 16, [0]));

        Assert.Equal(1, RelayedConnection.CorrelationIdOf(await consumer.ReceiveAsync()));
    }

    [Theory]
    [InlineData(new[] { 0, 80 }, (short)0)]
    [InlineData(new[] { 0 }, (short)6)]
    public async Task A_fetch_answer_with_records_or_an_error_is_given_at_once(int[] recordBytes, short partitionError)
    {
        await using var consumer = new RelayedConnection(new DataArrivals());
        await consumer.SendAsync(KafkaFrames.FetchRequest(1, LongWaitMs));

        await consumer.AnswerAsync(KafkaFrames.FetchResponse(1, 16, recordBytes, partitionError: partitionError));

        Assert.Equal(1, RelayedConnection.CorrelationIdOf(await consumer.ReceiveAsync()));
    }

    [Fact]
    public async Task A_response_it_cannot_match_to_a_request_makes_it_a_plain_copy_from_then_on()
    {
        await using var consumer = new RelayedConnection(new DataArrivals());
        await consumer.SendAsync(KafkaFrames.FetchRequest(1, LongWaitMs));

        await consumer.AnswerAsync(KafkaFrames.FetchResponse(99, 16, [0]));
        Assert.Equal(99, RelayedConnection.CorrelationIdOf(await consumer.ReceiveAsync()));

        var request = KafkaFrames.FetchRequest(2, LongWaitMs);
        Assert.Equal(request, await consumer.SendAsync(request));
    }
}
