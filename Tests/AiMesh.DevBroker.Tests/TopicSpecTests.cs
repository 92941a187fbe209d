namespace AiMesh.DevBroker.Tests;

public sealed class TopicSpecTests
{
    [Theory]
    [InlineData("orders", "orders", 4)]
    [InlineData("orders:1", "orders", 1)]
    [InlineData("data-topic:8", "data-topic", 8)]
    [InlineData("a.b_c-D9:10000", "a.b_c-D9", 10000)]
    public void Names_with_optional_partition_counts_parse(string text, string name, int partitions)
    {
        Assert.True(TopicSpec.TryParse(text, out var topic, out var error), error);

        Assert.Equal(name, topic.Name);
        Assert.Equal(partitions, topic.Partitions);
    }

    [Theory]
    [InlineData("")]
    [InlineData(":4")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("orders:")]
    [InlineData("orders:0")]
    [InlineData("orders:-1")]
    [InlineData("orders:10001")]
    [InlineData("orders:4:4")]
    [InlineData("ord/ers")]
    [InlineData("ordérs")]
    public void Illegal_names_and_counts_are_rejected(string text)
    {
        Assert.False(TopicSpec.TryParse(text, out var topic, out var error));

        Assert.Null(topic);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void A_name_longer_than_kafka_allows_is_rejected()
    {
        Assert.True(TopicSpec.TryParse(new string('a', 249), out _, out _));
        Assert.False(TopicSpec.TryParse(new string('a', 250), out _, out _));
    }

    [Fact]
    public void The_constructor_guards_what_the_parser_checks()
    {
        Assert.Throws<ArgumentException>(() => new TopicSpec("a b", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TopicSpec("a", 0));
    }
}
