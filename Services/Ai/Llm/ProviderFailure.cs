using System.ClientModel;
using System.Globalization;
using System.Text.Json;

namespace AiMesh.Ai.Llm;

/// <summary>
/// What a failed provider call means for the text: try the next fallback (rate limited, failing, too
/// slow, unreachable, an answer that is not the protocol), or give up on the text (any other 4xx).
/// </summary>
internal readonly record struct ProviderFailure(bool IsPermanent, int? Status, TimeSpan? RetryAfter, string Reason)
{
    public static ProviderFailure? From(Exception exception, bool timedOut) => exception switch
    {
        _ when timedOut => new ProviderFailure(false, null, null, "did not answer in time"),
        ClientResultException { Status: 0 } e => new ProviderFailure(false, null, null, $"unreachable: {e.InnerException?.Message ?? e.Message}"),
        ClientResultException { Status: 408 or 429 or >= 500 } e => new ProviderFailure(false, e.Status, RetryAfterOf(e), $"answered {e.Status}: {Shorten(e.Message)}"),
        ClientResultException e => new ProviderFailure(true, e.Status, null, $"refused the request with {e.Status}: {Shorten(e.Message)}"),
        HttpRequestException or IOException => new ProviderFailure(false, null, null, $"unreachable: {exception.Message}"),
        JsonException or FormatException or InvalidOperationException => new ProviderFailure(false, null, null, $"answered something that is not an OpenAI-compatible response: {Shorten(exception.Message)}"),
        _ => null,
    };

    /// <summary>Retry-After as seconds or as an HTTP date.</summary>
    private static TimeSpan? RetryAfterOf(ClientResultException exception)
    {
        if (exception.GetRawResponse()?.Headers.TryGetValue("Retry-After", out var value) != true || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? TimeSpan.FromTicks(Math.Max(0, (date - DateTimeOffset.UtcNow).Ticks))
            : null;
    }

    private static string Shorten(string message) => message.Length <= 300 ? message : message[..300] + "…";
}
