namespace AiMesh.Ingest.ResultsRelay;

/// <summary>
/// The Results service's HTTP API, reached as <c>http://results</c> through service discovery
/// (<c>services:results:http:0..N</c>) with the standard resilience handler from ServiceDefaults.
/// </summary>
internal sealed class ResultsClient(HttpClient http)
{
    public static readonly Uri BaseAddress = new("http://results");

    /// <summary>
    /// <c>GET /api/results/{id}</c>, returned once its headers arrive; the caller streams and disposes
    /// the body. Throws <see cref="HttpRequestException"/> or Polly's rejections when Results cannot be reached.
    /// </summary>
    public Task<HttpResponseMessage> GetResultAsync(Guid id, CancellationToken cancellationToken) =>
        http.GetAsync(new Uri($"/api/results/{id}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
}
