using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace AiMesh.Ai.Llm;

/// <summary>
/// One <see cref="IChatClient"/> per provider model, all on one OpenAI client for the configured
/// endpoint and key. The OpenAI client's own retries are off: a failed call goes to the next fallback
/// model at once (see <see cref="LlmModel"/>), and the caller decides whether to try again later.
/// Every call is traced with the OpenTelemetry GenAI conventions.
/// </summary>
internal sealed class LlmChatClients : IDisposable
{
    /// <summary>The ActivitySource and Meter of the LLM calls; every <c>AiMesh.*</c> name is collected.</summary>
    public const string TelemetrySourceName = "AiMesh.Ai.Llm";

    private readonly OpenAIClient? _client;
    private readonly bool _captureContent;
    private readonly ConcurrentDictionary<string, IChatClient> _byModel = new(StringComparer.Ordinal);

    public LlmChatClients(IOptions<LlmOptions> options, IHostEnvironment environment)
    {
        var llm = options.Value;
        _captureContent = llm.CaptureContent ?? environment.IsDevelopment();
        if (string.IsNullOrWhiteSpace(llm.ApiKey))
        {
            return;
        }

        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = llm.Endpoint,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            // Each model's own timeout ends a call sooner; this only stops a connection that hangs forever.
            NetworkTimeout = TimeSpan.FromMinutes(10),
            UserAgentApplicationId = "AiMesh",
        };
        clientOptions.AddPolicy(new AttributionHeadersPolicy(llm.Referer, llm.Title), PipelinePosition.PerCall);
        _client = new OpenAIClient(new ApiKeyCredential(llm.ApiKey), clientOptions);
    }

    /// <summary>Whether there is a key to call the endpoint with.</summary>
    public bool HasKey => _client is not null;

    /// <summary>The chat client for <paramref name="providerModel"/>.</summary>
    /// <exception cref="InvalidOperationException">There is no API key.</exception>
    public IChatClient For(string providerModel) => _byModel.GetOrAdd(providerModel, model =>
        new ChatClientBuilder((_client ?? throw new InvalidOperationException("No LLM API key is configured.")).GetChatClient(model).AsIChatClient())
            .UseOpenTelemetry(sourceName: TelemetrySourceName, configure: telemetry => telemetry.EnableSensitiveData = _captureContent)
            .Build());

    public void Dispose()
    {
        foreach (var client in _byModel.Values)
        {
            client.Dispose();
        }
    }
}
