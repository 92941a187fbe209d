using System.Net;
using AiMesh.Web.Feed;
using AiMesh.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AiMesh.Web.Tests;

/// <summary>
/// The Web app itself, with Ingest and Results played by small real servers that it finds through
/// <c>services:ingest:http:0</c> and <c>services:results:http:0</c>, as under the AppHost.
/// </summary>
public sealed class WebAppTests : IAsyncLifetime
{
    private FakeIngestServer _ingest = null!;
    private FakeResultsServer _results = null!;
    private WebApplicationFactory<Program> _app = null!;

    public async ValueTask InitializeAsync()
    {
        _ingest = await FakeIngestServer.StartAsync();
        _results = await FakeResultsServer.StartAsync();
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Production");
            web.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["services:ingest:http:0"] = _ingest.Address.ToString(),
                ["services:results:http:0"] = _results.Address.ToString(),
            }));
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _results.DisposeAsync();
        await _ingest.DisposeAsync();
    }

    [Fact]
    public async Task ThePageHasTheHooksABrowserTestUses()
    {
        using var client = _app.CreateClient();

        var page = await client.GetStringAsync("/").DefaultTimeout();

        Assert.Contains("id=\"text-input\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"submit-button\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"latest-results\"", page, StringComparison.Ordinal);
        Assert.Contains("_framework/blazor.web", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheChatPageHasTheHooksABrowserTestUses()
    {
        using var client = _app.CreateClient();

        var page = await client.GetStringAsync("/chat").DefaultTimeout();

        Assert.Contains("id=\"chat-model\" data-testid=\"chat-model\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"chat-message\" data-testid=\"chat-message\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"chat-send\" data-testid=\"chat-send\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"chat-conversation\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"latest-results\"", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/chat")]
    public async Task EachPageLinksToTheOther(string path)
    {
        using var client = _app.CreateClient();

        var page = await client.GetStringAsync(path).DefaultTimeout();

        Assert.Matches("<a[^>]*id=\"nav-classify\"[^>]*href=\"\"", page);
        Assert.Matches("<a[^>]*id=\"nav-chat\"[^>]*href=\"chat\"", page);
    }

    [Fact]
    public async Task TheChatListsAnUnavailableLlmDisabledAndSaysWhy()
    {
        using var client = _app.CreateClient();

        var page = await client.GetStringAsync("/chat").DefaultTimeout();

        Assert.Matches("<option value=\"llm\" disabled[^>]*>llm \\(unavailable\\)</option>", page);
        Assert.Matches("<option value=\"sentiment\"[^>]*>sentiment \\(91.2 % accurate\\), default</option>", page);
        Assert.Contains(
            "data-model=\"llm\">llm is unavailable: No API key is configured: set the AppHost&#x27;s llm-api-key parameter</p>",
            page,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheChatSaysWhenTheModelsCannotBeListed()
    {
        _ingest.ModelsJson = "not a list";
        using var client = _app.CreateClient();

        var page = await client.GetStringAsync("/chat").DefaultTimeout();

        Assert.Contains("data-testid=\"chat-models-error\"", page, StringComparison.Ordinal);
        Assert.Contains("Ingest&#x27;s default model", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheChatStylesAndStorageScriptAreServedByTheAppItself()
    {
        using var client = _app.CreateClient();

        var css = await client.GetStringAsync("/app.css").DefaultTimeout();
        var script = await client.GetStringAsync("/conversation-storage.js").DefaultTimeout();

        Assert.Contains(".chat-entry", css, StringComparison.Ordinal);
        Assert.Contains("export function load", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePageListsResultsTheFeedReceivedWithTheirIdAndLabel()
    {
        using var client = _app.CreateClient();
        var feed = _app.Services.GetRequiredService<ResultsFeed>();
        await AsyncTestHelpers.WaitUntilAsync(() => feed.Status == FeedStatus.Live && _results.OpenSockets == 1);

        var result = TestResults.Now("negative");
        await _results.PushAsync(result).DefaultTimeout();
        await AsyncTestHelpers.WaitUntilAsync(() => feed.Find(result.Id) is not null);

        var page = await client.GetStringAsync("/").DefaultTimeout();
        Assert.Contains($"data-id=\"{result.Id}\" data-label=\"negative\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlazorsScriptIsServedByTheAppItself()
    {
        using var client = _app.CreateClient();

        using var response = await client.GetAsync("/_framework/blazor.web.js").DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 10_000);
    }

    [Fact]
    public async Task TheStylesheetIsServedByTheAppItself()
    {
        using var client = _app.CreateClient();

        using var response = await client.GetAsync("/app.css").DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(".label-positive", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthIsMapped()
    {
        using var client = _app.CreateClient();

        using var response = await client.GetAsync("/health").DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TheIngestClientReachesIngestThroughServiceDiscovery()
    {
        using var scope = _app.Services.CreateScope();
        var ingest = scope.ServiceProvider.GetRequiredService<AiMesh.Web.Clients.IngestClient>();

        var id = await ingest.SubmitAsync("hello").DefaultTimeout();

        Assert.Contains(id, _ingest.Accepted);
    }

    [Fact]
    public async Task TheAnswersFeedFollowsResultsAnswersSocket()
    {
        var answers = _app.Services.GetRequiredService<AnswersFeed>();
        await AsyncTestHelpers.WaitUntilAsync(() => answers.Status == FeedStatus.Live && _results.OpenAnswerSockets == 1);

        var id = Guid.NewGuid();
        await _results.PushAnswerAsync(TestChunks.Piece(id, 0, "hello")).DefaultTimeout();

        await AsyncTestHelpers.WaitUntilAsync(() => answers.Find(id)?.Text == "hello");
    }
}
