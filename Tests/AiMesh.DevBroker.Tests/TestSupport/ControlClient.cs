using System.Net.Http.Json;
using AiMesh.DevBroker.Control;

namespace AiMesh.DevBroker.Tests.TestSupport;

/// <summary>The dev broker's control API as the fault suite calls it.</summary>
internal sealed class ControlClient(BrokerPlan plan) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = plan.ControlUri, Timeout = TimeSpan.FromSeconds(10) };

    public HttpClient Http => _http;

    public async Task<StatusResponse> GetStatusAsync(CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync<StatusResponse>("status", cancellationToken) ?? throw new InvalidOperationException("empty status");

    public Task<HttpResponseMessage> PostAsync(string path, object? body, CancellationToken cancellationToken) =>
        body is null ? _http.PostAsync(path, content: null, cancellationToken) : _http.PostAsJsonAsync(path, body, cancellationToken);

    public async Task PostOkAsync(string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(path, body, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _http.Dispose();
}
