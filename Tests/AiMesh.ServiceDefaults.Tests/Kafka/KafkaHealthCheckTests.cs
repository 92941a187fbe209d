using AiMesh.ServiceDefaults.Tests.Infrastructure;
using AiMesh.Tests.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace AiMesh.ServiceDefaults.Tests.Kafka;

public sealed class KafkaHealthCheckTests(KafkaMockCluster cluster) : IClassFixture<KafkaMockCluster>
{
    [Fact]
    public async Task TheProducerAndConsumerChecksAreHealthyAgainstARunningCluster()
    {
        using var host = BuildHost(cluster.BootstrapServers);

        var report = await Check(host);

        Assert.Equal(HealthStatus.Healthy, report.Entries["Aspire.Confluent.Kafka.Producer"].Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries["Aspire.Confluent.Kafka.Consumer"].Status);
    }

    [Fact]
    public async Task TheChecksAreUnhealthyWhenNothingListens()
    {
        using var host = BuildHost($"127.0.0.1:{Ports.Closed()}");

        var report = await Check(host);

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["Aspire.Confluent.Kafka.Producer"].Status);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["Aspire.Confluent.Kafka.Consumer"].Status);
    }

    private static IHost BuildHost(string bootstrapServers)
    {
        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = bootstrapServers,
            ["Aspire:Confluent:Kafka:Producer:HealthCheckTimeout"] = "00:00:01",
            ["Aspire:Confluent:Kafka:Consumer:HealthCheckTimeout"] = "00:00:01",
            ["Aspire:Confluent:Kafka:Consumer:Config:GroupId"] = "health-tests",
        });
        builder.AddKafkaProducer<string, string>("kafka");
        builder.AddKafkaConsumer<string, string>("kafka");
        return builder.Build();
    }

    private static Task<HealthReport> Check(IHost host) =>
        host.Services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(registration => registration.Name.StartsWith("Aspire.Confluent.Kafka", StringComparison.Ordinal), TestContext.Current.CancellationToken)
            .DefaultTimeout();
}
