using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiMesh.Contracts;

namespace AiMesh.Results.Tests.Api;

public sealed class ResultsApiTests(ResultsApiFixture fixture) : IClassFixture<ResultsApiFixture>
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AStoredResultIsReturnedById()
    {
        var expected = fixture.Stored[7];
        using var http = fixture.App.CreateClient();

        using var response = await http.GetAsync($"/api/results/{expected.Id}", CancellationToken).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.InferenceResult, CancellationToken));
    }

    [Fact]
    public async Task AnUnknownIdIsA404ProblemNamingTheId()
    {
        var unknown = Guid.NewGuid();
        using var http = fixture.App.CreateClient();

        using var response = await http.GetAsync($"/api/results/{unknown}", CancellationToken).DefaultTimeout();

        var problem = await ReadProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains(unknown.ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMalformedIdIsA400Problem()
    {
        using var http = fixture.App.CreateClient();

        using var response = await http.GetAsync("/api/results/not-a-guid", CancellationToken).DefaultTimeout();

        var problem = await ReadProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("not-a-guid", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty("id", out _));
    }

    [Fact]
    public async Task WithoutALimitTheNewestFiftyComeNewestFirst()
    {
        using var http = fixture.App.CreateClient();

        var results = await http.GetFromJsonAsync<List<InferenceResult>>("/api/results", CancellationToken).DefaultTimeout();

        Assert.Equal(fixture.Stored.Take(50).Select(r => r.Id), results!.Select(r => r.Id));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(500)]
    public async Task ALimitReturnsThatManyNewestFirst(int limit)
    {
        using var http = fixture.App.CreateClient();

        var results = await http.GetFromJsonAsync<List<InferenceResult>>($"/api/results?limit={limit}", CancellationToken).DefaultTimeout();

        Assert.Equal(fixture.Stored.Take(limit), results);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("501")]
    [InlineData("ten")]
    [InlineData("2.5")]
    [InlineData("")]
    [InlineData("99999999999999")]
    public async Task ALimitOutsideOneToFiveHundredIsA400Problem(string limit)
    {
        using var http = fixture.App.CreateClient();

        using var response = await http.GetAsync($"/api/results?limit={limit}", CancellationToken).DefaultTimeout();

        var problem = await ReadProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("1 to 500", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _));
    }

    private static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response, HttpStatusCode expectedStatus)
    {
        Assert.Equal(expectedStatus, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(CancellationToken)).RootElement;
        Assert.Equal((int)expectedStatus, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
