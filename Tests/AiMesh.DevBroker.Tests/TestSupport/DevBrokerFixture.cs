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
        ["group-topic"] = 6,
        ["headers-topic"] = 1,
        ["idle-topic"] = 1,
        ["default-topic"] = TopicSpec.DefaultPartitions,
    };

    // Ports picked free can be taken before the broker opens them: other tests' clients and mock clusters
    // take theirs from the same ephemeral range. A start that finds one taken is tried on fresh ones.
    private const int StartAttempts = 3;

    internal BrokerPlan Plan { get; private set; } = NewPlan();

    public string BootstrapServers => Plan.BootstrapServers;

    internal DevBrokerProcess Broker => _broker ?? throw new InvalidOperationException("The fixture has not started.");

    public async ValueTask InitializeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _broker = await DevBrokerProcess.StartHealthyAsync(Plan, TestContext.Current.CancellationToken);
                return;
            }
            catch (InvalidOperationException exception) when (attempt < StartAttempts && exception.Message.Contains("address already in use", StringComparison.Ordinal))
            {
                Plan = NewPlan();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    // default-topic exercises the default partition count.
    private static BrokerPlan NewPlan() =>
        BrokerPlan.OnFreePorts(BrokerCount, [.. Topics.Select(t => t.Key == "default-topic" ? t.Key : $"{t.Key}:{t.Value}")]);
}
