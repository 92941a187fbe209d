using System.Globalization;

namespace AiMesh.DevBroker.Tests.TestSupport;

/// <summary>
/// One running dev broker for a test class, with the topics its tests use. Each test uses its
/// own topic and group, so the tests in a class do not depend on each other's order.
/// </summary>
public sealed class DevBrokerFixture : IAsyncLifetime
{
    public const int BrokerCount = 3;

    private DevBrokerProcess? _broker;

    /// <summary>Topic name to partition count, as passed on the command line.</summary>
    public static IReadOnlyDictionary<string, int> Topics { get; } = new Dictionary<string, int>
    {
        ["data-topic"] = 8,
        ["result-topic"] = 8,
        ["group-topic"] = 8,
        ["headers-topic"] = 1,
        ["default-topic"] = TopicSpec.DefaultPartitions,
    };

    public string BootstrapServers { get; private set; } = "";

    internal DevBrokerProcess Broker => _broker ?? throw new InvalidOperationException("The fixture has not started.");

    public async ValueTask InitializeAsync()
    {
        // default-topic is given without a count, to exercise the default.
        var arguments = new List<string> { "--brokers", BrokerCount.ToString(CultureInfo.InvariantCulture) };
        foreach (var (name, partitions) in Topics)
        {
            arguments.Add("--topic");
            arguments.Add(name == "default-topic" ? name : $"{name}:{partitions}");
        }

        _broker = DevBrokerProcess.Start(arguments);
        BootstrapServers = await _broker.WaitForBootstrapServersAsync(TestContext.Current.CancellationToken).DefaultTimeout();
    }

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }
}
