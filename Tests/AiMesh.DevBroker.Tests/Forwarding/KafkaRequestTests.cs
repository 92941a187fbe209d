using System.Buffers;
using System.Buffers.Binary;
using AiMesh.DevBroker.Forwarding;
using AiMesh.DevBroker.Tests.TestSupport;

namespace AiMesh.DevBroker.Tests.Forwarding;

public sealed class KafkaRequestTests
{
    [Theory]
    [InlineData((short)16, "consumer")]
    [InlineData((short)15, "consumer")]
    [InlineData((short)14, "")]
    [InlineData((short)12, null)]
    [InlineData((short)11, "consumer")]
    [InlineData((short)4, null)]
    public void A_fetch_request_gives_its_header_and_where_its_wait_is(short version, string? clientId)
    {
        var frame = KafkaFrames.FetchRequest(correlationId: 17, maxWaitMs: 500, version, clientId);

        Assert.True(KafkaRequest.TryRead(new ReadOnlySequence<byte>(frame), out var request));
        Assert.Equal(new KafkaRequest(KafkaApiKey.Fetch, version, 17), request);
        Assert.True(request.TryFindFetchWait(new ReadOnlySequence<byte>(frame), out var offset, out var maxWaitMs));
        Assert.Equal(500, maxWaitMs);
        Assert.Equal(500, BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(offset)));
        Assert.Equal(-1, BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(offset + 4 + 4 + 4 + 1 + 4)));  // session_epoch, just after
    }

    [Fact]
    public void Only_a_fetch_of_a_version_it_knows_has_its_wait_found()
    {
        var unknownFetch = KafkaFrames.FetchRequest(1, 500, version: KafkaRequest.LastFetchVersion + 1);
        var metadata = KafkaFrames.Request(KafkaApiKey.Metadata, 2, 2);

        Assert.True(KafkaRequest.TryRead(new ReadOnlySequence<byte>(unknownFetch), out var fetch));
        Assert.False(fetch.TryFindFetchWait(new ReadOnlySequence<byte>(unknownFetch), out _, out _));
        Assert.True(KafkaRequest.TryRead(new ReadOnlySequence<byte>(metadata), out var other));
        Assert.False(other.TryFindFetchWait(new ReadOnlySequence<byte>(metadata), out _, out _));
    }

    [Theory]
    [InlineData((short)10, (short)-1, null, true)]
    [InlineData((short)10, (short)1, null, true)]
    [InlineData((short)10, (short)0, null, false)]
    [InlineData((short)10, (short)0, "transactions", false)]
    [InlineData((short)10, (short)-1, "transactions", true)]
    [InlineData((short)7, (short)0, "transactions", false)]
    [InlineData((short)7, (short)-1, null, true)]
    public void A_produce_with_acks_0_expects_no_response(short version, short acks, string? transactionalId, bool expected)
    {
        var frame = KafkaFrames.ProduceRequest(correlationId: 3, acks, version, transactionalId);

        Assert.True(KafkaRequest.TryRead(new ReadOnlySequence<byte>(frame), out var request));
        Assert.Equal(expected, request.ExpectsResponse(new ReadOnlySequence<byte>(frame)));
    }

    [Fact]
    public void A_frame_too_short_for_a_header_is_not_read()
    {
        Assert.False(KafkaRequest.TryRead(new ReadOnlySequence<byte>([0, 0, 0, 4, 0, 1, 0, 11]), out _));
    }
}
