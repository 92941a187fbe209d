using AiMesh.EndToEnd.Tests.Support;
using Microsoft.Playwright;

namespace AiMesh.EndToEnd.Tests.Browser;

/// <summary>
/// A person's view: Debian's chromium, driven by Playwright, opens the Web UI of the whole running
/// application, submits a text and watches its result arrive without reloading the page.
/// </summary>
public sealed class BrowserTests : IDisposable
{
    private const string Text = "This product is terrible!";
    private static readonly float s_resultTimeoutMs = (float)TimeSpan.FromSeconds(90).TotalMilliseconds;

    private readonly LogsOnFailure _logsOnFailure = new();

    [Fact]
    public async Task A_text_submitted_in_the_browser_shows_its_result_live()
    {
        IReadOnlyList<AppProcess> processes;
        await using (var wholeApp = _logsOnFailure.Watch(await WholeApp.StartAsync()))
        {
            using var playwright = await Playwright.CreateAsync().DefaultTimeout();
            await using var browser = await Chromium.LaunchAsync(playwright).DefaultTimeout();
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } }).DefaultTimeout();
            try
            {
                await page.GotoAsync(wholeApp.App.GetEndpoint("web").ToString()).DefaultTimeout();

                // The button is enabled once the page is interactive (the Blazor circuit is connected).
                await Assertions.Expect(page.Locator("#submit-button")).ToBeEnabledAsync(new() { Timeout = s_resultTimeoutMs }).DefaultTimeout();
                await page.Locator("#text-input").FillAsync(Text).DefaultTimeout();
                await page.Locator("#submit-button").ClickAsync().DefaultTimeout();

                var acceptedId = page.Locator("#accepted-id");
                await Assertions.Expect(acceptedId).ToHaveTextAsync(GuidPattern()).DefaultTimeout();
                var id = (await acceptedId.TextContentAsync().DefaultTimeout())!.Trim();

                await Assertions.Expect(page.Locator("#my-result"))
                    .ToHaveAttributeAsync("data-label", "negative", new() { Timeout = s_resultTimeoutMs })
                    .DefaultTimeout(TimeSpan.FromSeconds(100));
                await Assertions.Expect(page.Locator($"#latest-results [data-id='{id}']"))
                    .ToHaveAttributeAsync("data-label", "negative", new() { Timeout = s_resultTimeoutMs })
                    .DefaultTimeout(TimeSpan.FromSeconds(100));
            }
            finally
            {
                await Screenshots.SaveAsync(page, nameof(A_text_submitted_in_the_browser_shows_its_result_live));
            }

            processes = wholeApp.Processes();
        }

        Assert.Empty(await AppProcess.StillAliveAfterAsync(processes, TimeSpan.FromSeconds(15)));
    }

    public void Dispose() => _logsOnFailure.Dispose();

    private static System.Text.RegularExpressions.Regex GuidPattern() =>
        new("^\\s*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\s*$");
}
