using Confluent.Kafka;

namespace AiMesh.DevBroker.Tests;

public sealed class KafkaNamesTests
{
    [Theory]
    [InlineData("Produce", KafkaApiKey.Produce)]
    [InlineData("produce", KafkaApiKey.Produce)]
    [InlineData("0", KafkaApiKey.Produce)]
    [InlineData("ConsumerGroupHeartbeat", KafkaApiKey.ConsumerGroupHeartbeat)]
    [InlineData("50", (KafkaApiKey)50)]
    public void Request_types_are_read_by_name_or_number(string text, KafkaApiKey expected)
    {
        Assert.True(KafkaNames.TryParseApiKey(text, out var apiKey));
        Assert.Equal(expected, apiKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Produce,Fetch")]
    [InlineData("-1")]
    [InlineData("Bogus")]
    [InlineData("40000")]
    public void Anything_else_is_not_a_request_type(string text) =>
        Assert.False(KafkaNames.TryParseApiKey(text, out _));

    [Theory]
    [InlineData("NotLeaderForPartition", ErrorCode.NotLeaderForPartition)]
    [InlineData("notleaderforpartition", ErrorCode.NotLeaderForPartition)]
    [InlineData("Local_Transport", ErrorCode.Local_Transport)]
    [InlineData("-195", ErrorCode.Local_Transport)]
    [InlineData("6", ErrorCode.NotLeaderForPartition)]
    public void Error_codes_are_read_as_confluent_kafka_names_or_numbers(string text, ErrorCode expected)
    {
        Assert.True(KafkaNames.TryParseErrorCode(text, out var code));
        Assert.Equal((int)expected, code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("NOT_LEADER_FOR_PARTITION")]
    [InlineData("6.5")]
    public void Anything_else_is_not_an_error_code(string text) =>
        Assert.False(KafkaNames.TryParseErrorCode(text, out _));
}
