using System.Net.Http.Json;
using System.Text.Json;
using AiMesh.EndToEnd.Tests.Browser;
using Microsoft.Playwright;

namespace AiMesh.EndToEnd.Tests.RunCommand;

/// <summary>
/// The Aspire dashboard as a person sees it: every resource on the resources page, and one trace
/// whose spans come from ingest, inference, ai and results, through both topics to the WebSocket
/// push (the Web service is always a client of <c>/ws/results</c>). The trace is found through the
/// dashboard's telemetry API (open when the dashboard runs without login) and then opened in the browser.
/// </summary>
internal static class DashboardPage
{
    public static readonly string[] Resources = ["kafka", "redis", "postgres", "aimesh", "ai", "inference", "results", "ingest", "web"];
    private static readonly string[] s_traceServices = ["ingest", "inference", "ai", "results"];
    private static readonly string[] s_traceSpans = ["data-topic publish", "data-topic process", "result-topic publish", "result-topic process", "/ws/results push"];

    public static async Task AssertEveryResourceAndOneWholeTraceAsync()
    {
        using var playwright = await Playwright.CreateAsync().DefaultTimeout();
        await using var browser = await Chromium.LaunchAsync(playwright).DefaultTimeout();
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 1000 } }).DefaultTimeout();
        try
        {
            await page.GotoAsync(FixedUrls.Dashboard).DefaultTimeout();
            foreach (var resource in Resources)
            {
                // Replicas show as name-suffix; a single resource as its name.
                await Assertions.Expect(page.GetByText(new System.Text.RegularExpressions.Regex($"^{resource}(-[a-z0-9]{{8}})?$")).First)
                    .ToBeVisibleAsync(new() { Timeout = 60_000 }).DefaultTimeout(TimeSpan.FromSeconds(70));
            }

            await Screenshots.SaveAsync(page, "Dashboard_resources");

            var traceId = await WholeTraceIdAsync();
            await page.GotoAsync($"{FixedUrls.Dashboard}/traces/detail/{traceId}").DefaultTimeout();
            foreach (var service in s_traceServices)
            {
                await Assertions.Expect(page.GetByText(new System.Text.RegularExpressions.Regex($"^{service}(-[a-z0-9]{{8}})?$")).First)
                    .ToBeVisibleAsync(new() { Timeout = 30_000 }).DefaultTimeout(TimeSpan.FromSeconds(40));
            }
        }
        finally
        {
            await Screenshots.SaveAsync(page, "Dashboard_trace");
        }
    }

    private static async Task<string> WholeTraceIdAsync()
    {
        using var client = new HttpClient();
        string? found = null;
        await AsyncTestHelpers.WaitUntilAsync(
            async () =>
            {
                var response = await client.GetFromJsonAsync<JsonElement>($"{FixedUrls.Dashboard}/api/telemetry/traces?limit=500");
                var traces = new Dictionary<string, (HashSet<string> Services, HashSet<string> Spans)>();
                foreach (var resourceSpans in response.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
                {
                    var service = resourceSpans.GetProperty("resource").GetProperty("attributes").EnumerateArray()
                        .First(attribute => attribute.GetProperty("key").GetString() == "service.name")
                        .GetProperty("value").GetProperty("stringValue").GetString()!;
                    foreach (var span in resourceSpans.GetProperty("scopeSpans").EnumerateArray().SelectMany(scope => scope.GetProperty("spans").EnumerateArray()))
                    {
                        var traceId = span.GetProperty("traceId").GetString()!;
                        if (!traces.TryGetValue(traceId, out var trace))
                        {
                            traces[traceId] = trace = ([], []);
                        }

                        trace.Services.Add(service);
                        trace.Spans.Add(span.GetProperty("name").GetString()!);
                    }
                }

                found = traces.FirstOrDefault(trace => s_traceServices.All(trace.Value.Services.Contains) && s_traceSpans.All(trace.Value.Spans.Contains)).Key;
                return found is not null;
            },
            TimeSpan.FromSeconds(60));
        return found!;
    }
}
