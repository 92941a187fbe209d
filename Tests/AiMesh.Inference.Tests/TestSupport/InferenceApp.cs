using AiMesh.Tests.Kafka;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace AiMesh.Inference.Tests.TestSupport;

/// <summary>
/// The whole Inference service, Program.cs and all, with configuration as the AppHost would give it:
/// connection strings, the Ai replicas' addresses and the replica identity. Settings go in through
/// <c>UseSetting</c> so they are there while Program.cs registers its clients.
/// </summary>
internal sealed class InferenceApp(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    public const string InstanceId = "test1";

    public ListLoggerProvider Logs { get; } = new();

    /// <summary>The AppHost's settings for one replica, with retries shortened for tests.</summary>
    public static Dictionary<string, string?> Settings(string kafka, Uri ai, string? redis) => new(KafkaMockCluster.ServiceConsumerSettings)
    {
        ["ConnectionStrings:kafka"] = kafka,
        ["ConnectionStrings:redis"] = redis,
        ["services:ai:http:0"] = ai.ToString(),
        ["OTEL_SERVICE_NAME"] = "inference",
        ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={InstanceId}",
        ["Inference:RetryBaseDelay"] = "00:00:00.050",
        ["Inference:RetryMaxDelay"] = "00:00:00.500",
        ["Inference:DrainTimeout"] = "00:00:02",
        ["HttpClientDefaults:Resilience:Retry:Delay"] = "00:00:00.010",
        ["HttpClientDefaults:Resilience:Retry:MaxRetryAttempts"] = "1",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            if (value is not null)
            {
                builder.UseSetting(key, value);
            }
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}
