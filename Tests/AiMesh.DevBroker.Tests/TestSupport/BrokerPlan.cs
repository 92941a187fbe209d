using System.Globalization;

namespace AiMesh.DevBroker.Tests.TestSupport;

/// <summary>
/// Ports and topics for one dev broker, picked once so that the broker can be started again on
/// the same addresses, as the AppHost does after a crash.
/// </summary>
internal sealed record BrokerPlan(IReadOnlyList<int> BrokerPorts, int ControlPort, IReadOnlyList<string> Topics)
{
    public static BrokerPlan OnFreePorts(int brokers, params string[] topics)
    {
        var ports = FreeTcpPort.Pick(brokers + 1);
        return new BrokerPlan(ports[..brokers], ports[brokers], topics);
    }

    public string BootstrapServers => string.Join(',', BrokerPorts.Select(p => $"127.0.0.1:{p}"));

    public Uri ControlUri => new($"http://127.0.0.1:{ControlPort}/");

    public IReadOnlyList<string> Arguments =>
    [
        .. BrokerPorts.SelectMany(p => new[] { "--port", p.ToString(CultureInfo.InvariantCulture) }),
        .. Topics.SelectMany(t => new[] { "--topic", t }),
        "--control-port", ControlPort.ToString(CultureInfo.InvariantCulture),
    ];
}
