using System.Text.RegularExpressions;
using Confluent.Kafka;

namespace AiMesh.Tests.Kafka;

/// <summary>
/// librdkafka's mock cluster (3 brokers on loopback) inside the test process, owned by a bootstrap
/// producer created with <c>test.mock.num.brokers</c>; its broker list is read from the log line
/// "Mock cluster enabled: … replaced with &lt;list&gt;". Disposing the producer ends the cluster.
/// </summary>
public sealed partial class KafkaMockCluster : IAsyncLifetime
{
    private IProducer<Null, Null>? _owner;

    public string BootstrapServers { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        var bootstrapServers = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var config = new ProducerConfig { BootstrapServers = "mock" };
        config.Set("test.mock.num.brokers", "3");

        _owner = new ProducerBuilder<Null, Null>(config)
            .SetLogHandler((_, message) =>
            {
                if (MockClusterLine().Match(message.Message) is { Success: true } match)
                {
                    bootstrapServers.TrySetResult(match.Groups["servers"].Value);
                }
            })
            .Build();

        BootstrapServers = await bootstrapServers.Task.DefaultTimeout(TimeSpan.FromSeconds(10));
    }

    public ValueTask DisposeAsync()
    {
        _owner?.Dispose();
        return ValueTask.CompletedTask;
    }

    [GeneratedRegex(@"Mock cluster enabled.*replaced with (?<servers>[0-9.:,]+)")]
    private static partial Regex MockClusterLine();
}
