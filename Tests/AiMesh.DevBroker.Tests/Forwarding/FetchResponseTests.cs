using System.Buffers;
using AiMesh.DevBroker.Forwarding;
using AiMesh.DevBroker.Tests.TestSupport;

namespace AiMesh.DevBroker.Tests.Forwarding;

public sealed class FetchResponseTests
{
    [Theory]
    [InlineData((short)16)]
    [InlineData((short)13)]
    [InlineData((short)12)]
    [InlineData((short)11)]
    [InlineData((short)7)]
    [InlineData((short)5)]
    [InlineData((short)4)]
    public void A_response_without_records_or_errors_is_empty(short version)
    {
        Assert.True(IsEmpty(KafkaFrames.FetchResponse(1, version, [0, -1, 0]), version));
    }

    [Theory]
    [InlineData((short)16)]
    [InlineData((short)12)]
    [InlineData((short)11)]
    [InlineData((short)4)]
    public void Records_in_any_partition_make_it_not_empty(short version)
    {
        Assert.False(IsEmpty(KafkaFrames.FetchResponse(1, version, [0, 0, 70]), version));
    }

    [Theory]
    [InlineData((short)16)]
    [InlineData((short)11)]
    public void An_error_at_the_top_or_in_a_partition_is_an_answer_to_give_at_once(short version)
    {
        Assert.False(IsEmpty(KafkaFrames.FetchResponse(1, version, [0], error: 15), version));
        Assert.False(IsEmpty(KafkaFrames.FetchResponse(1, version, [0], partitionError: 6), version));
    }

    [Fact]
    public void A_frame_cut_short_or_of_a_version_it_does_not_read_is_not_empty()
    {
        var whole = KafkaFrames.FetchResponse(1, 16, [0, 0]);

        Assert.True(IsEmpty(whole, 16));
        // Short of the response's own tagged fields (204 bytes) and a few of the last partition's.
        Assert.False(IsEmpty(whole[..^210], 16));
        Assert.False(IsEmpty(whole, KafkaRequest.LastFetchVersion + 1));
    }

    private static bool IsEmpty(byte[] frame, short version) => FetchResponse.IsEmpty(new ReadOnlySequence<byte>(frame), version);
}
