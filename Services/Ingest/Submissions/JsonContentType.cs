using Microsoft.Net.Http.Headers;

namespace AiMesh.Ingest.Submissions;

/// <summary>
/// Whether a Content-Type announces UTF-8 JSON: <c>application/json</c> or any <c>+json</c> type, with
/// no charset or a UTF-8 one (the same types ASP.NET Core's JSON binding reads).
/// </summary>
internal static class JsonContentType
{
    public static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false;
        }

        var isJson = mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);
        var charset = HeaderUtilities.RemoveQuotes(mediaType.Charset);
        return isJson
            && (!charset.HasValue
                || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
                || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));
    }
}
