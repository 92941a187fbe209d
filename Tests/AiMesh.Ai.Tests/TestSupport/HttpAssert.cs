using System.Net;
using System.Text;
using System.Text.Json;

namespace AiMesh.Ai.Tests.TestSupport;

/// <summary>Requests and checks the API tests share.</summary>
internal static class HttpAssert
{
    public const string ProblemContentType = "application/problem+json";

    public static HttpContent Json(string json) => new StringContent(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, HttpStatusCode expected, string expectedMediaType)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken).DefaultTimeout();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal(expectedMediaType, response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts a 400 problem details response and returns its <c>detail</c>.</summary>
    public static async Task<JsonElement> ReadBadRequestProblemAsync(HttpResponseMessage response)
    {
        var problem = await ReadJsonAsync(response, HttpStatusCode.BadRequest, ProblemContentType);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }

    /// <summary>The names of an object's properties, in order, to check a response's exact shape.</summary>
    public static string[] PropertyNames(JsonElement element) => [.. element.EnumerateObject().Select(property => property.Name)];
}
