using AiMesh.EndToEnd.Tests.Support;
using AiMesh.Tests.OpenAi;
using Microsoft.Playwright;

namespace AiMesh.EndToEnd.Tests.Browser;

/// <summary>
/// The chat view of the whole running application, with the LLM model's endpoint and key pointed
/// at an OpenAI-compatible stand-in on loopback: a message goes through Ingest, Kafka, Inference and
/// Ai to the stand-in, and its answer grows in the page as the stand-in sends it, then is stored.
/// </summary>
public sealed class ChatBrowserTests : IDisposable
{
    private const string ApiKey = "sk-test-aimesh-chat";
    private static readonly string[] s_parts = ["Kafka ", "carries ", "your ", "message ", "to ", "the ", "model ", "and ", "back."];
    private static readonly float s_answerTimeoutMs = (float)TimeSpan.FromSeconds(90).TotalMilliseconds;

    private readonly LogsOnFailure _logsOnFailure = new();

    [Fact]
    public async Task A_message_to_the_LLM_model_streams_its_answer_into_the_chat_and_is_stored()
    {
        await using var standIn = await OpenAiStandIn.StartAsync(TestContext.Current.CancellationToken);
        standIn.DefaultReply = StandInReply.Streamed(s_parts, TimeSpan.FromMilliseconds(400));
        IReadOnlyList<AppProcess> processes;
        await using (var wholeApp = _logsOnFailure.Watch(await WholeApp.StartAsync(
            withDashboard: false,
            $"Parameters:llm-api-key={ApiKey}",
            $"Parameters:llm-endpoint={standIn.BaseUrl}",
            "Parameters:llm-model=stand-in/chat-model")))
        {
            using var playwright = await Playwright.CreateAsync().DefaultTimeout();
            await using var browser = await Chromium.LaunchAsync(playwright).DefaultTimeout();
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } }).DefaultTimeout();
            try
            {
                await page.GotoAsync(new Uri(wholeApp.App.GetEndpoint("web"), "/chat").ToString()).DefaultTimeout();
                // The picker is enabled once the page is interactive and Ingest has listed the models.
                await Assertions.Expect(page.GetByTestId("chat-model")).ToBeEnabledAsync(new() { Timeout = s_answerTimeoutMs }).DefaultTimeout(TimeSpan.FromSeconds(100));
                await page.GetByTestId("chat-model").SelectOptionAsync("llm").DefaultTimeout();
                await Assertions.Expect(page.GetByTestId("chat-model")).ToHaveValueAsync("llm").DefaultTimeout();

                // A first message warms the road: Results relays answer-topic from its newest message, so
                // pieces written before its consumer has its partitions, right after start, only arrive whole.
                await SendAsync(page, "Hello?");
                await Assertions.Expect(page.GetByTestId("chat-entry").Last).ToHaveAttributeAsync("data-state", "complete", new() { Timeout = s_answerTimeoutMs }).DefaultTimeout(TimeSpan.FromSeconds(100));

                await SendAsync(page, "How does my message reach the model?");
                var entry = page.GetByTestId("chat-entry").Last;
                await Assertions.Expect(entry.GetByTestId("chat-entry-model")).ToHaveTextAsync("llm").DefaultTimeout();
                var answer = entry.GetByTestId("chat-answer");

                // In parts: some of the answer shows while the rest is still being sent.
                await Assertions.Expect(entry).ToHaveAttributeAsync("data-state", "streaming", new() { Timeout = s_answerTimeoutMs }).DefaultTimeout(TimeSpan.FromSeconds(100));
                var partial = (await answer.TextContentAsync().DefaultTimeout())?.Trim() ?? "";
                await Assertions.Expect(entry).ToHaveAttributeAsync("data-state", "complete", new() { Timeout = s_answerTimeoutMs }).DefaultTimeout(TimeSpan.FromSeconds(100));
                var whole = string.Concat(s_parts);
                await Assertions.Expect(answer).ToHaveTextAsync(whole).DefaultTimeout();
                Assert.True(partial.Length < whole.Length && whole.StartsWith(partial, StringComparison.Ordinal), $"Seen while streaming: '{partial}'.");

                var id = Guid.Parse((await entry.GetAttributeAsync("data-id").DefaultTimeout())!);
                var database = (await wholeApp.App.GetConnectionStringAsync("aimesh", TestContext.Current.CancellationToken).DefaultTimeout())!;
                var row = Assert.Single(await ResultRows.WaitForAsync(database, [id], TimeSpan.FromSeconds(30)));
                Assert.Equal(("llm", "answer"), (row.Model, row.Label));

                var request = Assert.Single(standIn.Requests, r => r.Messages.Any(m => m.Content == "How does my message reach the model?"));
                Assert.Equal($"Bearer {ApiKey}", request.Authorization);
                Assert.Equal("stand-in/chat-model", request.Model);
            }
            finally
            {
                await Screenshots.SaveAsync(page, nameof(A_message_to_the_LLM_model_streams_its_answer_into_the_chat_and_is_stored));
            }

            processes = wholeApp.Processes();
        }

        Assert.Empty(await AppProcess.StillAliveAfterAsync(processes, TimeSpan.FromSeconds(15)));
    }

    public void Dispose() => _logsOnFailure.Dispose();

    private static async Task SendAsync(IPage page, string message)
    {
        var entries = await page.GetByTestId("chat-entry").CountAsync().DefaultTimeout();
        await page.GetByTestId("chat-message").FillAsync(message).DefaultTimeout();
        await Assertions.Expect(page.GetByTestId("chat-send")).ToBeEnabledAsync().DefaultTimeout();
        await page.GetByTestId("chat-send").ClickAsync().DefaultTimeout();
        await Assertions.Expect(page.GetByTestId("chat-entry")).ToHaveCountAsync(entries + 1).DefaultTimeout();
    }
}
