using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AiMesh.EndToEnd.Tests.RunCommand;

/// <summary>
/// The README's run command as a person uses it: everything comes up healthy at the fixed URLs, a
/// text goes through and shows in the dashboard as one trace, and Ctrl-C (or SIGTERM) leaves no
/// process of the run behind within 20 s.
/// </summary>
public sealed class RunCommandTests
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_stopGrace = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_text_shows_as_one_trace_in_the_dashboard_and_Ctrl_C_stops_every_process_of_the_run()
    {
        await using var run = await RunCommandProcess.StartReadyAsync(s_startTimeout);
        await SubmitAndWaitForResultAsync();
        await DashboardPage.AssertEveryResourceAndOneWholeTraceAsync();
        var processes = run.Processes();
        Assert.True(processes.Count > 10, $"Only {processes.Count} processes carry the run's marker:\n{string.Join('\n', processes.Select(p => p.Command))}");

        await run.PressCtrlCAsync();

        var left = await AppProcess.StillAliveAfterAsync([.. processes.Select(p => p.Process)], s_stopGrace);
        Assert.True(left.Count == 0, $"Still running {s_stopGrace.TotalSeconds} s after Ctrl-C:\n{string.Join('\n', left.Select(p => p.Replica))}");
    }

    [Fact]
    public async Task SIGTERM_stops_every_process_of_the_run()
    {
        await using var run = await RunCommandProcess.StartReadyAsync(s_startTimeout);
        var processes = run.Processes();

        run.SendSigTerm();

        var left = await AppProcess.StillAliveAfterAsync([.. processes.Select(p => p.Process)], s_stopGrace);
        Assert.True(left.Count == 0, $"Still running {s_stopGrace.TotalSeconds} s after SIGTERM:\n{string.Join('\n', left.Select(p => p.Replica))}");
    }

    /// <summary>Posts a text to Ingest's fixed URL and waits until Results has it.</summary>
    private static async Task SubmitAndWaitForResultAsync()
    {
        using var client = new HttpClient();
        using var response = await client.PostAsJsonAsync($"{FixedUrls.Ingest}/api/subscribe", new { text = "This product is terrible!" }).DefaultTimeout();
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;

        await AsyncTestHelpers.WaitUntilAsync(
            async () =>
            {
                using var result = await client.GetAsync(FixedUrls.Ingest + location);
                if (result.StatusCode != HttpStatusCode.OK)
                {
                    return false;
                }

                var body = await result.Content.ReadFromJsonAsync<JsonElement>();
                return body.GetProperty("label").GetString() == "negative";
            },
            TimeSpan.FromSeconds(90));
    }
}
