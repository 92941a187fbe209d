using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using AiMesh.ServiceDefaults.Kafka;
using Confluent.Kafka;

namespace AiMesh.ServiceDefaults.Tests.Kafka;

public sealed partial class JsonMessageSerializerTests
{
    private static readonly SerializationContext s_context = new(MessageComponentType.Value, "orders");
    private readonly JsonMessageSerializer<Order> _serializer = new(OrderJsonContext.Default.Order);

    [Fact]
    public void A_value_round_trips_as_camel_case_json()
    {
        var bytes = _serializer.Serialize(new Order(42, "Tea"), s_context);

        Assert.Equal("""{"number":42,"item":"Tea"}""", Encoding.UTF8.GetString(bytes));
        Assert.Equal(new Order(42, "Tea"), _serializer.Deserialize(bytes, isNull: false, s_context));
    }

    [Theory]
    [InlineData("{\"number\":")]
    [InlineData("null")]
    [InlineData("not json")]
    public void Data_that_is_not_the_type_fails_with_a_json_error(string value)
    {
        Assert.ThrowsAny<JsonException>(() => _serializer.Deserialize(Encoding.UTF8.GetBytes(value), isNull: false, s_context));
    }

    [Fact]
    public void A_message_without_a_value_names_the_topic()
    {
        var error = Assert.Throws<JsonException>(() => _serializer.Deserialize([], isNull: true, s_context));

        Assert.Contains("orders", error.Message, StringComparison.Ordinal);
    }

    public sealed record Order(int Number, string Item);

    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
    [JsonSerializable(typeof(Order))]
    private sealed partial class OrderJsonContext : JsonSerializerContext;
}
