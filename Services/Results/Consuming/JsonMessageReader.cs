using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AiMesh.Results.Consuming;

/// <summary>
/// Reads a Kafka message's value as the JSON of one contract. Whatever makes the bytes not one (no
/// value, not JSON, the wrong shape, JSON null) becomes the caller's exception, which says why.
/// </summary>
internal static class JsonMessageReader
{
    /// <param name="value">The message's value as it came.</param>
    /// <param name="json">The contract's source-generated JSON.</param>
    /// <param name="invalid">Makes the exception for bytes that are not one <typeparamref name="T"/>, from why and the JSON error behind it.</param>
    public static T Read<T>(byte[]? value, JsonTypeInfo<T> json, Func<string, Exception?, Exception> invalid)
        where T : class
    {
        var expected = typeof(T).Name;
        if (value is null)
        {
            throw invalid($"The message has no value; {expected} JSON was expected.", null);
        }

        T? message;
        try
        {
            message = JsonSerializer.Deserialize(value, json);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentException)
        {
            // InvalidOperationException: ill-formed UTF-8 or a lone surrogate escape inside a string.
            throw invalid($"The message is not {expected} JSON: {exception.Message}", exception);
        }

        return message ?? throw invalid($"The message holds JSON null; {expected} JSON was expected.", null);
    }
}
