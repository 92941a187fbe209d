using System.Reflection;
using AiMesh.Kafka;

namespace AiMesh.Tests.Kafka;

/// <summary>
/// Points both Confluent.Kafka's clients and this assembly's mock-cluster P/Invokes at the bundled
/// librdkafka: two different libraries in one process would give the P/Invokes a mock cluster handle
/// from the other library.
/// </summary>
internal static class TestLibrdkafka
{
    public static void Register()
    {
        BundledLibrdkafka.Register(typeof(Confluent.Kafka.Library).Assembly);
        BundledLibrdkafka.Register(Assembly.GetExecutingAssembly());
    }
}
