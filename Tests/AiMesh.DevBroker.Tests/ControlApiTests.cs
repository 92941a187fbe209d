using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiMesh.DevBroker.Tests.TestSupport;

namespace AiMesh.DevBroker.Tests;

/// <summary>Bad control requests are refused with RFC 7807 problem details and change nothing.</summary>
public sealed class ControlApiTests(DevBrokerFixture fixture) : IClassFixture<DevBrokerFixture>
{
    [Theory]
    [InlineData("brokers/0/down")]
    [InlineData("brokers/4/up")]
    [InlineData("brokers/two/down")]
    public async Task An_unknown_broker_is_404_problem_details(string path)
    {
        using var control = new ControlClient(fixture.Plan);

        using var response = await control.PostAsync(path, null, TestContext.Current.CancellationToken).DefaultTimeout();

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "broker ids are 1 to 3");
    }

    [Theory]
    [InlineData("""{"ms": -1}""", "ms")]
    [InlineData("""{}""", "ms")]
    public async Task A_bad_round_trip_time_is_400_problem_details(string body, string field)
    {
        using var control = new ControlClient(fixture.Plan);

        using var response = await control.Http.PostAsync(
            new Uri("brokers/all/rtt", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken).DefaultTimeout();

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("""{"apiKey": "Nope", "errors": ["MsgSizeTooLarge"]}""", "apiKey")]
    [InlineData("""{"apiKey": "Produce", "errors": []}""", "errors")]
    [InlineData("""{"apiKey": "Produce"}""", "errors")]
    [InlineData("""{"apiKey": "Produce", "errors": ["MsgSizeTooLarge", "NoSuchError"]}""", "errors[1]")]
    [InlineData("""{"apiKey": "Produce", "errors": ["MsgSizeTooLarge"], "brokerId": 9}""", "broker ids are 1 to 3")]
    public async Task Bad_request_errors_are_refused_with_problem_details(string body, string mentioned)
    {
        using var control = new ControlClient(fixture.Plan);

        using var response = await control.Http.PostAsync(
            new Uri("request-errors", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken).DefaultTimeout();

        await AssertProblemAsync(response, mentioned.StartsWith("broker", StringComparison.Ordinal) ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest, mentioned);
    }

    [Fact]
    public async Task Clearing_errors_of_an_unknown_request_type_is_400_problem_details()
    {
        using var control = new ControlClient(fixture.Plan);

        using var response = await control.Http.DeleteAsync(new Uri("request-errors/Nope", UriKind.Relative), TestContext.Current.CancellationToken).DefaultTimeout();

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "apiKey");
    }

    [Fact]
    public async Task All_brokers_go_down_and_up_together()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var control = new ControlClient(fixture.Plan);

        await control.PostOkAsync("brokers/all/down", null, cancellationToken).DefaultTimeout();
        var down = await control.GetStatusAsync(cancellationToken).DefaultTimeout();
        await control.PostOkAsync("brokers/all/up", null, cancellationToken).DefaultTimeout();
        var up = await control.GetStatusAsync(cancellationToken).DefaultTimeout();

        Assert.All(down.Brokers, b => Assert.False(b.Up));
        Assert.All(up.Brokers, b => Assert.True(b.Up));
        using var health = await control.Http.GetAsync(new Uri("health", UriKind.Relative), cancellationToken).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string mentioned)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Contains(mentioned, problem.GetRawText(), StringComparison.Ordinal);
    }
}
