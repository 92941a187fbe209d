using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AiMesh.EndToEnd.Tests.Support;

/// <summary>Texts posted to Ingest one after another, each of which must be accepted.</summary>
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
}
