namespace AiMesh.Ingest.ResultsRelay;

/// <summary>
/// Writes an upstream response as this request's answer: its status code, content type and body, so a
/// client sees exactly what Results said. Disposes the upstream response when done.
/// </summary>
internal sealed class RelayedResponse(HttpResponseMessage upstream) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);

        using (upstream)
        {
            var response = httpContext.Response;
            response.StatusCode = (int)upstream.StatusCode;
            if (upstream.Content.Headers.ContentType is { } contentType)
            {
                response.ContentType = contentType.ToString();
            }

            await upstream.Content.CopyToAsync(response.Body, httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
