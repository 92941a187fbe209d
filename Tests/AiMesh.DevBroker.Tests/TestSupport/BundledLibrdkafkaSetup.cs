using System.Runtime.CompilerServices;
using AiMesh.Kafka;

namespace AiMesh.DevBroker.Tests.TestSupport;

/// <summary>
/// Points Confluent.Kafka and the dev broker's P/Invokes in this test process at the bundled
/// librdkafka 2.16 before any test runs: this machine may also have Debian's 2.0.2, which .NET
/// would otherwise prefer.
/// </summary>
internal static class BundledLibrdkafkaSetup
{
    [ModuleInitializer]
    public static void Register()
    {
        BundledLibrdkafka.Register(typeof(Confluent.Kafka.Library).Assembly);
        BundledLibrdkafka.Register(typeof(MockCluster).Assembly);
    }
}
