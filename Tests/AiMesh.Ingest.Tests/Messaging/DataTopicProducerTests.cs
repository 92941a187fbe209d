using AiMesh.Ingest.Messaging;
using Confluent.Kafka;

namespace AiMesh.Ingest.Tests.Messaging;

public sealed class DataTopicProducerTests
{
    [Theory]
    [InlineData(5000, 5000)]
    [InlineData(1000, 1000)]
    [InlineData(1.5, 2)]
    [InlineData(0.2, 1)]
    public void LibrdkafkaGivesUpOnAMessageWhenThePublishTimeoutEnds(double publishTimeoutMs, int expectedMessageTimeoutMs)
    {
        var config = new ProducerConfig();

        DataTopicProducer.ApplyPublishTimeout(config, TimeSpan.FromMilliseconds(publishTimeoutMs));

        Assert.Equal(expectedMessageTimeoutMs, config.MessageTimeoutMs);
    }

    [Fact]
    public void AnInvalidPublishTimeoutLeavesTheSettingToStartupValidation()
    {
        var config = new ProducerConfig();

        DataTopicProducer.ApplyPublishTimeout(config, TimeSpan.Zero);

        Assert.Null(config.MessageTimeoutMs);
    }

    [Fact]
    public void LibrdkafkaRetriesABrokerThatIsDownAtLeastEverySecond()
    {
        var config = new ProducerConfig();

        DataTopicProducer.ApplyReconnectBackoff(config);

        Assert.Equal(1000, config.ReconnectBackoffMaxMs);
    }

    [Fact]
    public void AConfiguredReconnectBackoffWins()
    {
        var config = new ProducerConfig { ReconnectBackoffMaxMs = 5000 };

        DataTopicProducer.ApplyReconnectBackoff(config);

        Assert.Equal(5000, config.ReconnectBackoffMaxMs);
    }
}
