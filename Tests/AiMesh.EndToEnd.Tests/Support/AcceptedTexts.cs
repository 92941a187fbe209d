using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AiMesh.EndToEnd.Tests.Support;

/// <summary>Texts posted to Ingest, each of which must be accepted.</summary>
internal static class AcceptedTexts
{
    /// <summary>Posts every text and returns the ids Ingest gave them, in order.</summary>
    public static async Task<IReadOnlyList<Guid>> SubmitAsync(HttpClient ingest, IEnumerable<string> texts)
    {
        var cancellation = TestContext.Current.CancellationToken;
        List<Guid> ids = [];
        foreach (var text in texts)
        {
            using var response = await ingest.PostAsJsonAsync("/api/subscribe", new { text }, cancellation).DefaultTimeout();
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>(cancellation)).GetProperty("id").GetGuid());
        }

        return ids;
    }

    /// <summary>
    /// Posts every text from <paramref name="senders"/> concurrent senders, adding each id to
    /// <paramref name="accepted"/> as soon as it is given, so a test can act while texts stream in.
    /// </summary>
    public static async Task StreamAsync(HttpClient ingest, IEnumerable<string> texts, int senders, ConcurrentQueue<Guid> accepted)
    {
        var cancellation = TestContext.Current.CancellationToken;
        await Parallel.ForEachAsync(texts, new ParallelOptions { MaxDegreeOfParallelism = senders, CancellationToken = cancellation }, async (text, token) =>
        {
            using var response = await ingest.PostAsJsonAsync("/api/subscribe", new { text }, token).DefaultTimeout();
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            accepted.Enqueue((await response.Content.ReadFromJsonAsync<JsonElement>(token)).GetProperty("id").GetGuid());
        });
    }
}
