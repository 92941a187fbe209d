using AiMesh.ServiceDefaults.Kafka;
using AiMesh.ServiceDefaults.Tests.Infrastructure;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AiMesh.ServiceDefaults.Tests.Kafka;

public sealed class KafkaSettingsTests
{
    [Fact]
    public void TheNamedSectionOverridesTheCommonOneAndTheConnectionStringWinsOverBoth()
    {
        var configuration = Configuration(new()
        {
            ["Aspire:Confluent:Kafka:Producer:ConnectionString"] = "common:9092",
            ["Aspire:Confluent:Kafka:Producer:Config:LingerMs"] = "50",
            ["Aspire:Confluent:Kafka:Producer:Config:ClientId"] = "common-client",
            ["Aspire:Confluent:Kafka:Producer:kafka:ConnectionString"] = "named:9092",
            ["Aspire:Confluent:Kafka:Producer:kafka:Config:ClientId"] = "named-client",
            ["Aspire:Confluent:Kafka:Producer:kafka:DisableTracing"] = "true",
            ["ConnectionStrings:kafka"] = "from-connection-string:9092",
        });

        var settings = KafkaSettingsReader.ReadProducer(configuration, "kafka", configure: null);

        Assert.Equal("from-connection-string:9092", settings.ConnectionString);
        Assert.Equal("from-connection-string:9092", settings.Config.BootstrapServers);
        Assert.Equal(50, settings.Config.LingerMs);
        Assert.Equal("named-client", settings.Config.ClientId);
        Assert.True(settings.DisableTracing);
    }

    [Fact]
    public void TheNamedSectionConnectionStringIsUsedWithoutAConnectionStringsEntry()
    {
        var configuration = Configuration(new()
        {
            ["Aspire:Confluent:Kafka:Producer:ConnectionString"] = "common:9092",
            ["Aspire:Confluent:Kafka:Producer:kafka:ConnectionString"] = "named:9092",
        });

        var settings = KafkaSettingsReader.ReadProducer(configuration, "kafka", configure: null);

        Assert.Equal("named:9092", settings.Config.BootstrapServers);
    }

    [Fact]
    public void ProducersStartFromAiMeshDefaultsWhichConfigurationCanOverride()
    {
        var defaults = KafkaSettingsReader.ReadProducer(Configuration(new() { ["ConnectionStrings:kafka"] = "k:9092" }), "kafka", configure: null);
        var overridden = KafkaSettingsReader.ReadProducer(
            Configuration(new()
            {
                ["ConnectionStrings:kafka"] = "k:9092",
                ["Aspire:Confluent:Kafka:Producer:Config:Acks"] = "Leader",
                ["Aspire:Confluent:Kafka:Producer:Config:linger.ms"] = "1",
            }),
            "kafka",
            configure: null);

        Assert.Equal(Acks.All, defaults.Config.Acks);
        Assert.True(defaults.Config.EnableIdempotence);
        Assert.Equal(5, defaults.Config.LingerMs);
        Assert.Equal(Acks.Leader, overridden.Config.Acks);
        Assert.Equal(1, overridden.Config.LingerMs);
    }

    [Fact]
    public void ConsumersStartFromAiMeshDefaultsOnTheConsumerGroupProtocol()
    {
        var settings = KafkaSettingsReader.ReadConsumer(
            Configuration(new()
            {
                ["ConnectionStrings:kafka"] = "k:9092",
                ["Aspire:Confluent:Kafka:Consumer:kafka:Config:GroupId"] = "workers",
            }),
            "kafka",
            configure: null);

        Assert.Equal("workers", settings.Config.GroupId);
        Assert.False(settings.Config.EnableAutoOffsetStore);
        Assert.True(settings.Config.EnableAutoCommit);
        Assert.Equal(AutoOffsetReset.Earliest, settings.Config.AutoOffsetReset);
        // librdkafka's own fetch wait: brokers, the dev broker included, answer a waiting fetch when data arrives.
        Assert.Null(settings.Config.FetchWaitMaxMs);
        Assert.Equal(GroupProtocol.Consumer, settings.Config.GroupProtocol);
        // librdkafka refuses these with group.protocol=consumer: the broker owns them.
        Assert.Null(settings.Config.SessionTimeoutMs);
        Assert.Null(settings.Config.HeartbeatIntervalMs);
        Assert.Null(settings.Config.PartitionAssignmentStrategy);
    }

    [Fact]
    public void ConfigurationCanGoBackToClassicGroupsWhichGetTheirOwnDefaults()
    {
        var classic = KafkaSettingsReader.ReadConsumer(
            Configuration(new()
            {
                ["ConnectionStrings:kafka"] = "k:9092",
                ["Aspire:Confluent:Kafka:Consumer:Config:GroupId"] = "workers",
                ["Aspire:Confluent:Kafka:Consumer:Config:GroupProtocol"] = "Classic",
            }),
            "kafka",
            configure: null);
        var tuned = KafkaSettingsReader.ReadConsumer(
            Configuration(new()
            {
                ["ConnectionStrings:kafka"] = "k:9092",
                ["Aspire:Confluent:Kafka:Consumer:Config:GroupId"] = "workers",
                ["Aspire:Confluent:Kafka:Consumer:Config:group.protocol"] = "classic",
                ["Aspire:Confluent:Kafka:Consumer:Config:SessionTimeoutMs"] = "6000",
                ["Aspire:Confluent:Kafka:Consumer:Config:PartitionAssignmentStrategy"] = "Range",
            }),
            "kafka",
            configure: null);

        Assert.Equal(GroupProtocol.Classic, classic.Config.GroupProtocol);
        Assert.Equal(KafkaDefaults.ClassicSessionTimeoutMs, classic.Config.SessionTimeoutMs);
        Assert.Equal(KafkaDefaults.ClassicPartitionAssignmentStrategy, classic.Config.PartitionAssignmentStrategy);
        Assert.Equal(GroupProtocol.Classic, tuned.Config.GroupProtocol);
        Assert.Equal(6000, tuned.Config.SessionTimeoutMs);
        Assert.Equal(PartitionAssignmentStrategy.Range, tuned.Config.PartitionAssignmentStrategy);
    }

    [Fact]
    public void AConsumerOnTheConsumerGroupProtocolBuildsWithTheDefaults()
    {
        var settings = KafkaSettingsReader.ReadConsumer(
            Configuration(new() { ["ConnectionStrings:kafka"] = "127.0.0.1:1", ["Aspire:Confluent:Kafka:Consumer:Config:GroupId"] = "workers" }),
            "kafka",
            configure: null);
        AiMesh.Kafka.BundledLibrdkafka.Register(typeof(Library).Assembly);

        using var consumer = new ConsumerBuilder<Ignore, Ignore>(settings.Config).Build();

        Assert.StartsWith("2.16.", Library.VersionString, StringComparison.Ordinal);
        if (OperatingSystem.IsLinux())
        {
            // The package's CentOS 8 build, and no other librdkafka (Debian's librdkafka-dev may be installed).
            var loaded = File.ReadLines("/proc/self/maps").Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Last())
                .Where(path => path.Contains("librdkafka", StringComparison.Ordinal) || path.Contains("-librdkafka", StringComparison.Ordinal))
                .Distinct()
                .ToList();
            Assert.EndsWith("runtimes/linux-x64/native/centos8-librdkafka.so", Assert.Single(loaded), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheSettingsCallbackRunsAfterConfiguration()
    {
        var settings = KafkaSettingsReader.ReadConsumer(
            Configuration(new() { ["ConnectionStrings:kafka"] = "k:9092", ["Aspire:Confluent:Kafka:Consumer:Config:GroupId"] = "from-config" }),
            "kafka",
            configure: settings => settings.Config.GroupId = "from-code");

        Assert.Equal("from-code", settings.Config.GroupId);
    }

    [Fact]
    public void AConsumerWithoutAGroupIdIsAClearError()
    {
        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?> { ["ConnectionStrings:kafka"] = "k:9092" });

        var exception = Assert.Throws<InvalidOperationException>(() => builder.AddKafkaConsumer<string, string>("kafka"));

        Assert.Contains("group id", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Aspire:Confluent:Kafka:Consumer:kafka:Config:GroupId", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AClientWithoutBootstrapServersNamesTheConnectionString()
    {
        var builder = TestHosts.CreateBuilder();

        var exception = Assert.Throws<InvalidOperationException>(() => builder.AddKafkaProducer<string, string>("kafka"));

        Assert.Contains("ConnectionStrings__kafka", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInvalidValueNamesTheConfigurationKey()
    {
        var configuration = Configuration(new() { ["ConnectionStrings:kafka"] = "k:9092", ["Aspire:Confluent:Kafka:Producer:Config:LingerMs"] = "soon" });

        var exception = Assert.Throws<InvalidOperationException>(() => KafkaSettingsReader.ReadProducer(configuration, "kafka", configure: null));

        Assert.Contains("Aspire:Confluent:Kafka:Producer:Config:LingerMs", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyedClientsGetKeyedRegistrationsAndHealthCheckNames()
    {
        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?>
        {
            ["ConnectionStrings:events"] = "k:9092",
            ["ConnectionStrings:kafka"] = "k:9092",
            ["Aspire:Confluent:Kafka:Consumer:Config:GroupId"] = "g",
        });
        builder.AddKeyedKafkaProducer<string, string>("events");
        builder.AddKeyedKafkaConsumer<string, string>("events");
        builder.AddKafkaProducer<string, string>("kafka");
        builder.AddKafkaProducer<string, byte[]>("kafka");
        using var host = builder.Build();

        var names = host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Select(r => r.Name).ToList();

        Assert.Contains(builder.Services, d => d.IsKeyedService && Equals(d.ServiceKey, "events") && d.ServiceType == typeof(IProducer<string, string>));
        Assert.Contains(builder.Services, d => d.IsKeyedService && Equals(d.ServiceKey, "events") && d.ServiceType == typeof(IConsumer<string, string>));
        Assert.Contains("Aspire.Confluent.Kafka.Producer_events", names);
        Assert.Contains("Aspire.Confluent.Kafka.Consumer_events", names);
        Assert.Single(names, name => name == "Aspire.Confluent.Kafka.Producer");
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
