using System.Net;
using System.Text.Json;
using AiMesh.Web.Clients;
using AiMesh.Web.Tests.TestSupport;

namespace AiMesh.Web.Tests.Clients;

public sealed class IngestClientTests
{
    [Fact]
    public async Task AnAcceptedTextReturnsItsId()
    {
        var id = Guid.NewGuid();
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(HttpStatusCode.Accepted, $$"""{"id":"{{id}}"}"""));
        var client = new IngestClient(handler.CreateClient("http://ingest"));

        var accepted = await client.SubmitAsync("what a lovely day").DefaultTimeout();

        Assert.Equal(id, accepted);
    }

    [Fact]
    public async Task TheTextIsPostedAsJsonToSubscribe()
    {
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(HttpStatusCode.Accepted, $$"""{"id":"{{Guid.NewGuid()}}"}"""));
        var client = new IngestClient(handler.CreateClient("http://ingest"));

        await client.SubmitAsync("what a \"lovely\" day").DefaultTimeout();

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(new Uri("http://ingest/api/subscribe"), request.Uri);
        using var body = JsonDocument.Parse(request.Body!);
        Assert.Equal("what a \"lovely\" day", body.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task AProblemsDetailIsTheErrorMessage()
    {
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(
            HttpStatusCode.ServiceUnavailable,
            """{"type":"https://tools.ietf.org/html/rfc9110#section-15.6.4","title":"Service Unavailable","status":503,"detail":"Kafka is not reachable; try again in a few seconds."}""",
            "application/problem+json"));
        var client = new IngestClient(handler.CreateClient("http://ingest"));

        var exception = await Assert.ThrowsAsync<ServiceProblemException>(() => client.SubmitAsync("hello")).DefaultTimeout();

        Assert.Equal("Kafka is not reachable; try again in a few seconds.", exception.Message);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, exception.StatusCode);
        Assert.Equal("Ingest", exception.Service);
    }

    [Fact]
    public async Task AnUnconfirmedSubmissionNamesTheIdItMayStillBeProcessedAs()
    {
        var id = Guid.CreateVersion7();
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(
            HttpStatusCode.GatewayTimeout,
            $$"""{"title":"Kafka did not confirm the text","status":504,"detail":"Kafka may have received it all the same.","id":"{{id}}","result":"/api/results/{{id}}"}""",
            "application/problem+json"));
        var client = new IngestClient(handler.CreateClient("http://ingest"));

        var exception = await Assert.ThrowsAsync<SubmissionUnconfirmedException>(() => client.SubmitAsync("hello")).DefaultTimeout();

        Assert.Equal(id, exception.Id);
        Assert.Equal("Kafka may have received it all the same.", exception.Message);
    }

    [Fact]
    public async Task A504WithoutAnIdIsAProblemLikeAnyOther()
    {
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(
            HttpStatusCode.GatewayTimeout,
            """{"title":"Gateway Timeout","status":504,"detail":"A proxy gave up."}""",
            "application/problem+json"));
        var client = new IngestClient(handler.CreateClient("http://ingest"));

        var exception = await Assert.ThrowsAsync<ServiceProblemException>(() => client.SubmitAsync("hello")).DefaultTimeout();

        Assert.Equal(HttpStatusCode.GatewayTimeout, exception.StatusCode);
        Assert.Equal("A proxy gave up.", exception.Message);
    }

    [Fact]
    public async Task AValidationProblemsErrorsAreTheErrorMessage()
    {
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(
            HttpStatusCode.BadRequest,
            """{"title":"One or more validation errors occurred.","status":400,"errors":{"text":["The text must not be empty."]}}""",
            "application/problem+json"));
        var client = new IngestClient(handler.CreateClient("http://ingest"));

        var exception = await Assert.ThrowsAsync<ServiceProblemException>(() => client.SubmitAsync("")).DefaultTimeout();

        Assert.Equal("The text must not be empty.", exception.Message);
        Assert.Equal(HttpStatusCode.BadRequest, exception.StatusCode);
    }

    [Fact]
    public async Task AProblemWithOnlyATitleShowsTheTitle()
    {
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(
            HttpStatusCode.TooManyRequests,
            """{"title":"Too many texts at once","status":429}""",
            "application/problem+json"));
        var client = new IngestClient(handler.CreateClient("http://ingest"));

        var exception = await Assert.ThrowsAsync<ServiceProblemException>(() => client.SubmitAsync("hello")).DefaultTimeout();

        Assert.Equal("Too many texts at once", exception.Message);
    }

    [Fact]
    public async Task AnErrorWithoutProblemDetailsNamesTheServiceAndStatus()
    {
        var handler = new FakeHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.BadGateway) { ReasonPhrase = "Bad Gateway" });
        var client = new IngestClient(handler.CreateClient("http://ingest"));

        var exception = await Assert.ThrowsAsync<ServiceProblemException>(() => client.SubmitAsync("hello")).DefaultTimeout();

        Assert.Equal("Ingest answered 502 Bad Gateway.", exception.Message);
    }

    [Fact]
    public async Task AnErrorWithABodyThatIsNotJsonStillGivesAClearMessage()
    {
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(HttpStatusCode.InternalServerError, "<html>oops</html>"));
        var client = new IngestClient(handler.CreateClient("http://ingest"));

        var exception = await Assert.ThrowsAsync<ServiceProblemException>(() => client.SubmitAsync("hello")).DefaultTimeout();

        Assert.StartsWith("Ingest answered 500", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAcceptanceWithoutAnIdIsAnError()
    {
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(HttpStatusCode.Accepted, "{}"));
        var client = new IngestClient(handler.CreateClient("http://ingest"));

        var exception = await Assert.ThrowsAsync<ServiceProblemException>(() => client.SubmitAsync("hello")).DefaultTimeout();

        Assert.Contains("did not say which id", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AModelIsPostedBesideTheText()
    {
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(HttpStatusCode.Accepted, $$"""{"id":"{{Guid.NewGuid()}}"}"""));
        var client = new IngestClient(handler.CreateClient("http://ingest"));

        await client.SubmitAsync("why?", "llm").DefaultTimeout();

        using var body = JsonDocument.Parse(Assert.Single(handler.Requests).Body!);
        Assert.Equal("llm", body.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task WithoutAModelTheBodyIsTheTextAlone()
    {
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(HttpStatusCode.Accepted, $$"""{"id":"{{Guid.NewGuid()}}"}"""));
        var client = new IngestClient(handler.CreateClient("http://ingest"));

        await client.SubmitAsync("hello").DefaultTimeout();

        Assert.Equal("""{"text":"hello"}""", Assert.Single(handler.Requests).Body);
    }

    [Fact]
    public async Task TheModelsAreReadFromApiModels()
    {
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(HttpStatusCode.OK, FakeIngestServer.ModelsWithUnavailableLlm));
        var client = new IngestClient(handler.CreateClient("http://ingest"));

        var models = await client.GetModelsAsync().DefaultTimeout();

        Assert.Equal(new Uri("http://ingest/api/models"), Assert.Single(handler.Requests).Uri);
        Assert.Equal("sentiment", models.Default);
        Assert.Equal(["sentiment", "sentiment-fast"], models.Models.Select(model => model.Name));
        Assert.Equal(0.912, models.Models[0].Evaluation?.Accuracy);
        var llm = Assert.Single(models.Llms);
        Assert.False(llm.Available);
        Assert.Equal("No API key is configured: set the AppHost's llm-api-key parameter", llm.UnavailableReason);
        Assert.Equal(["openai/gpt-4o-mini"], llm.ProviderModels);
    }

    [Fact]
    public async Task ModelsThatCannotBeListedGiveTheProblemsDetail()
    {
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(
            HttpStatusCode.ServiceUnavailable,
            """{"title":"Service Unavailable","status":503,"detail":"Ai cannot be asked for its models."}""",
            "application/problem+json"));
        var client = new IngestClient(handler.CreateClient("http://ingest"));

        var exception = await Assert.ThrowsAsync<ServiceProblemException>(() => client.GetModelsAsync()).DefaultTimeout();

        Assert.Equal("Ai cannot be asked for its models.", exception.Message);
    }

    [Fact]
    public async Task AModelListThatIsNotOneIsAnError()
    {
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(HttpStatusCode.OK, """{"models":[]}"""));
        var client = new IngestClient(handler.CreateClient("http://ingest"));

        var exception = await Assert.ThrowsAsync<ServiceProblemException>(() => client.GetModelsAsync()).DefaultTimeout();

        Assert.Contains("not one", exception.Message, StringComparison.Ordinal);
    }
}
