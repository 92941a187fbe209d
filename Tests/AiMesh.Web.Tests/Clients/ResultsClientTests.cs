using System.Net;
using System.Text.Json;
using AiMesh.Contracts;
using AiMesh.Web.Clients;
using AiMesh.Web.Tests.TestSupport;

namespace AiMesh.Web.Tests.Clients;

public sealed class ResultsClientTests
{
    [Fact]
    public async Task TheLatestResultsAreReadInTheOrderResultsSendsThem()
    {
        var newer = TestResults.At(2);
        var older = TestResults.At(1);
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(HttpStatusCode.OK, $"[{Serialize(newer)},{Serialize(older)}]"));
        var client = new ResultsClient(handler.CreateClient("http://results"));

        var latest = await client.GetLatestAsync(25).DefaultTimeout();

        Assert.Equal([newer, older], latest);
        Assert.Equal(new Uri("http://results/api/results?limit=25"), Assert.Single(handler.Requests).Uri);
    }

    [Fact]
    public async Task AResultIsFoundById()
    {
        var result = TestResults.At(1);
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(HttpStatusCode.OK, Serialize(result)));
        var client = new ResultsClient(handler.CreateClient("http://results"));

        var found = await client.FindAsync(result.Id).DefaultTimeout();

        Assert.Equal(result, found);
        Assert.Equal(new Uri($"http://results/api/results/{result.Id}"), Assert.Single(handler.Requests).Uri);
    }

    [Fact]
    public async Task AnUnknownIdIsNull()
    {
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(
            HttpStatusCode.NotFound,
            """{"title":"Not Found","status":404,"detail":"No result yet."}""",
            "application/problem+json"));
        var client = new ResultsClient(handler.CreateClient("http://results"));

        Assert.Null(await client.FindAsync(Guid.NewGuid()).DefaultTimeout());
    }

    [Fact]
    public async Task AnErrorFromResultsCarriesItsProblemDetail()
    {
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(
            HttpStatusCode.ServiceUnavailable,
            """{"title":"Service Unavailable","status":503,"detail":"The database is not reachable."}""",
            "application/problem+json"));
        var client = new ResultsClient(handler.CreateClient("http://results"));

        var exception = await Assert.ThrowsAsync<ServiceProblemException>(() => client.GetLatestAsync(10)).DefaultTimeout();

        Assert.Equal("The database is not reachable.", exception.Message);
        Assert.Equal("Results", exception.Service);
    }

    private static string Serialize(InferenceResult result) =>
        JsonSerializer.Serialize(result, ContractsJsonContext.Default.InferenceResult);
}
