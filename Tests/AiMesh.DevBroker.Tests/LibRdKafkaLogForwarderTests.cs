using AiMesh.DevBroker.Native;
using AiMesh.DevBroker.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace AiMesh.DevBroker.Tests;

public sealed class LibRdKafkaLogForwarderTests
{
    [Theory]
    [InlineData(0, LogLevel.Critical)]
    [InlineData(2, LogLevel.Critical)]
    [InlineData(3, LogLevel.Error)]
    [InlineData(4, LogLevel.Warning)]
    [InlineData(5, LogLevel.Information)]
    [InlineData(6, LogLevel.Information)]
    [InlineData(7, LogLevel.Debug)]
    public void Syslog_levels_map_to_log_levels(int syslogLevel, LogLevel expected)
    {
        Assert.Equal(expected, LibRdKafkaLogForwarder.ToLogLevel(syslogLevel));
    }

    [Fact]
    public void The_host_clients_missing_bootstrap_servers_warning_is_dropped_and_others_pass()
    {
        var logger = new ListLogger();
        var forwarder = new LibRdKafkaLogForwarder(logger);

        forwarder.Forward(5, "CONFWARN", "[thrd:app]: No `bootstrap.servers` configured: client will not be able to connect to Kafka cluster");
        forwarder.Forward(4, "CONFWARN", "[thrd:app]: Configuration property x is deprecated");
        forwarder.Forward(3, "FAIL", "[thrd:app]: broker down");

        Assert.Equal(
            [(LogLevel.Warning, "librdkafka CONFWARN: [thrd:app]: Configuration property x is deprecated"), (LogLevel.Error, "librdkafka FAIL: [thrd:app]: broker down")],
            logger.Entries);
    }
}
