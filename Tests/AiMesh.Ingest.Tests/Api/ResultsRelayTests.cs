using System.Net;
using System.Text.Json;
using AiMesh.Contracts;
using AiMesh.Ingest.Tests.Infrastructure;

namespace AiMesh.Ingest.Tests.Api;

public sealed class ResultsRelayTests(FakeResults results) : IClassFixture<FakeResults>
{
    [Fact]
    public async Task AResultIsRelayedWithItsStatusContentTypeAndBody()
    {
        await using var app = IngestWith(results.Address);
        using var client = app.CreateClient();

        using var response = await client.GetAsync($"/api/results/{FakeResults.KnownId}", TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(FakeResults.KnownResult, JsonSerializer.Deserialize(body, ContractsJsonContext.Default.InferenceResult));
        Assert.Contains(FakeResults.KnownId.ToString(), results.RequestedIds);
    }

    [Fact]
    public async Task AnAnswerOtherThanSuccessIsRelayedAsItIs()
    {
        await using var app = IngestWith(results.Address);
        using var client = app.CreateClient();
        var id = Guid.CreateVersion7();

        using var response = await client.GetAsync($"/api/results/{id}", TestContext.Current.CancellationToken).DefaultTimeout();

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal($"No result for {id} yet.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task TheIdIsSentInItsCanonicalForm()
    {
        await using var app = IngestWith(results.Address);
        using var client = app.CreateClient();

        using var response = await client.GetAsync($"/api/results/{FakeResults.KnownId.ToString("N").ToUpperInvariant()}", TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("12345")]
    public async Task AMalformedIdIsRefusedWithoutAskingResults(string id)
    {
        await using var app = IngestWith(results.Address);
        using var client = app.CreateClient();

        using var response = await client.GetAsync($"/api/results/{id}", TestContext.Current.CancellationToken).DefaultTimeout();

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(id, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(id, results.RequestedIds);
    }

    [Fact]
    public async Task ResultsThatCannotBeReachedIs503()
    {
        await using var app = IngestWith(new Uri($"http://127.0.0.1:{Ports.Closed()}"));
        using var client = app.CreateClient();

        using var response = await client.GetAsync($"/api/results/{Guid.CreateVersion7()}", TestContext.Current.CancellationToken).DefaultTimeout();

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Results is unavailable", problem.GetProperty("title").GetString());
    }

    private static IngestApp IngestWith(Uri resultsAddress) => IngestApp.WithKafka(
        $"127.0.0.1:{Ports.Closed()}",
        new Dictionary<string, string?> { ["services:results:http:0"] = resultsAddress.ToString() });
}
