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

        // Enum.TryParse would also take "1,2" or " 3"; only a defined name counts.
        return Enum.TryParse(text, ignoreCase: true, out apiKey) && Enum.IsDefined(apiKey) && !IsNumeric(text);
    }

    public static bool TryParseErrorCode(string text, out int errorCode)
    {
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out errorCode))
        {
            return true;
        }

        if (Enum.TryParse<ErrorCode>(text, ignoreCase: true, out var code) && Enum.IsDefined(code) && !IsNumeric(text))
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

    private static bool IsNumeric(string text) => text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] is '-' or '+');
}
