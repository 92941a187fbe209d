using AiMesh.Ai.Tests.TestSupport;
using AiMesh.Tests.OpenAi;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AiMesh.Ai.Tests.Llm;

/// <summary>
/// The Ai service with its LLM models pointed at an OpenAI-compatible stand-in on loopback, so no
/// test sends anything off the machine. Settings on top (<c>Ai:Llm:…</c>) shape each test's models.
/// </summary>
internal sealed class LlmApp : IAsyncDisposable
{
    public const string ApiKey = "sk-test-aimesh-0123456789";

    private LlmApp(OpenAiStandIn standIn, WebApplicationFactory<Program> factory)
    {
        StandIn = standIn;
        Factory = factory;
    }

    public OpenAiStandIn StandIn { get; }

    public WebApplicationFactory<Program> Factory { get; }

    public static async Task<LlmApp> StartAsync(
        AiApiFactory factory, IReadOnlyDictionary<string, string?>? settings = null, bool withKey = true, string environment = "Development")
    {
        var standIn = await OpenAiStandIn.StartAsync(TestContext.Current.CancellationToken);
        var app = factory.WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("Ai:Llm:Endpoint", standIn.BaseUrl.ToString());
            builder.UseSetting("Ai:Llm:ApiKey", withKey ? ApiKey : "");
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                builder.UseSetting(key, value);
            }
        });
        return new LlmApp(standIn, app);
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await StandIn.DisposeAsync();
    }
}
