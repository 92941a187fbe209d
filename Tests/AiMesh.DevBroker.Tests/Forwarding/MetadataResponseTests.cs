using System.Buffers;
using AiMesh.DevBroker.Forwarding;
using AiMesh.DevBroker.Tests.TestSupport;

namespace AiMesh.DevBroker.Tests.Forwarding;

public sealed class MetadataResponseTests
{
    private static readonly Guid s_dataTopic = Guid.NewGuid();
    private static readonly Guid s_resultTopic = Guid.NewGuid();

    [Theory]
    [InlineData((short)13)]
    [InlineData((short)12)]
    [InlineData((short)10)]
    public void Each_topic_of_the_response_is_named_by_its_id(short version)
    {
        var names = new TopicNames();
        var frame = KafkaFrames.MetadataResponse(4, version, ("data-topic", s_dataTopic, 12), ("result-topic", s_resultTopic, 3));

        MetadataResponse.LearnTopicIds(new ReadOnlySequence<byte>(frame), version, names);

        Assert.True(names.TryGetName(s_dataTopic, out var data));
        Assert.Equal("data-topic", data);
        Assert.True(names.TryGetName(s_resultTopic, out var result));
        Assert.Equal("result-topic", result);
    }

    [Fact]
    public void A_version_without_topic_ids_teaches_nothing()
    {
        var names = new TopicNames();
        var frame = KafkaFrames.MetadataResponse(4, 10, ("data-topic", s_dataTopic, 1));

        MetadataResponse.LearnTopicIds(new ReadOnlySequence<byte>(frame), 9, names);

        Assert.False(names.TryGetName(s_dataTopic, out _));
    }

    [Fact]
    public void A_response_cut_short_teaches_the_topics_before_the_cut()
    {
        var names = new TopicNames();
        var frame = KafkaFrames.MetadataResponse(4, 13, ("data-topic", s_dataTopic, 2), ("result-topic", s_resultTopic, 2));

        MetadataResponse.LearnTopicIds(new ReadOnlySequence<byte>(frame[..^40]), 13, names);

        Assert.True(names.TryGetName(s_dataTopic, out _));
        Assert.False(names.TryGetName(s_resultTopic, out _));
    }
}
