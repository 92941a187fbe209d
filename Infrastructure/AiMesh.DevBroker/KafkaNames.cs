using System.Globalization;
using Confluent.Kafka;

namespace AiMesh.DevBroker;

/// <summary>
/// Reads the request types and error codes that people write in control requests: a name
/// (<see cref="KafkaApiKey"/>, Confluent.Kafka's <see cref="ErrorCode"/>, any case) or a number.
/// </summary>
public static class KafkaNames
{
    public static bool TryParseApiKey(string text, out KafkaApiKey apiKey)
    {
        if (short.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            apiKey = (KafkaApiKey)number;
            return true;
        }

        return TryParseName(text, out apiKey);
    }

    public static bool TryParseErrorCode(string text, out int errorCode)
    {
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out errorCode))
        {
            return true;
        }

        if (TryParseName<ErrorCode>(text, out var code))
        {
            errorCode = (int)code;
            return true;
        }

        errorCode = 0;
        return false;
    }

    /// <summary>Confluent.Kafka's name for an error code, or the number when it has none.</summary>
    public static string DescribeErrorCode(int errorCode) =>
        Enum.IsDefined((ErrorCode)errorCode) ? ((ErrorCode)errorCode).ToString() : errorCode.ToString(CultureInfo.InvariantCulture);

    // Not Enum.TryParse: it also takes numbers, " Produce" and flag lists such as "Produce,Fetch".
    private static bool TryParseName<TEnum>(string text, out TEnum value)
        where TEnum : struct, Enum
    {
        var name = Enum.GetNames<TEnum>().FirstOrDefault(n => n.Equals(text, StringComparison.OrdinalIgnoreCase));
        value = name is null ? default : Enum.Parse<TEnum>(name);
        return name is not null;
    }
}
