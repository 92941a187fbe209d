using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AiMesh.DevBroker.Tests.TestSupport;

namespace AiMesh.DevBroker.Tests;

public sealed class DevBrokerLifetimeTests
{
    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task A_termination_signal_stops_the_broker_promptly_with_exit_code_0(string signal)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var broker = await DevBrokerProcess.StartHealthyAsync(BrokerPlan.OnFreePorts(2, "t:2"), cancellationToken);

        var stopwatch = Stopwatch.StartNew();
        broker.Signal(signal);
        var exitCode = await broker.WaitForExitAsync(cancellationToken).DefaultTimeout(TimeSpan.FromSeconds(10));

        Assert.Equal(0, exitCode);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"stopping took {stopwatch.Elapsed}");
        Assert.Contains(broker.StandardOutput, l => l.Contains("its data is gone", StringComparison.Ordinal));
        Assert.DoesNotContain("Assertion", broker.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_ports_it_starts_three_brokers_on_free_ports()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var controlPort = FreeTcpPort.Pick(1)[0];
        await using var broker = DevBrokerProcess.Start(["--control-port", controlPort.ToString(CultureInfo.InvariantCulture)]);
        var plan = new BrokerPlan([], controlPort, []);
        await broker.WaitUntilHealthyAsync(plan, cancellationToken).DefaultTimeout();
        using var control = new ControlClient(plan);

        var status = await control.GetStatusAsync(cancellationToken).DefaultTimeout();

        Assert.Equal([1, 2, 3], status.Brokers.Select(b => b.Id));
        Assert.Equal(3, status.Brokers.Select(b => b.Port).Distinct().Count());
    }

    [Theory]
    [InlineData("--port", "0")]
    [InlineData("--port", "three")]
    [InlineData("--topic", "bad topic:2")]
    [InlineData("--topic", "t:0")]
    [InlineData("--parent-pid", "5")]
    [InlineData("--bogus", "1")]
    [InlineData("stray")]
    public async Task Bad_arguments_exit_with_code_2_and_say_what_is_wrong(params string[] arguments)
    {
        await using var broker = DevBrokerProcess.Start(arguments);

        var exitCode = await broker.WaitForExitAsync(TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(2, exitCode);
        Assert.Contains("AiMesh.DevBroker: ", broker.StandardError, StringComparison.Ordinal);
        Assert.Contains("Usage:", broker.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(broker.StandardOutput, l => l.Contains("Mock cluster started", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_broker_port_in_use_exits_with_code_1_and_a_one_line_reason()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var plan = BrokerPlan.OnFreePorts(1) with { BrokerPorts = [taken] };

        await using var broker = DevBrokerProcess.Start(plan.Arguments);
        var exitCode = await broker.WaitForExitAsync(TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(1, exitCode);
        var reason = Assert.Single(broker.StandardError.Split('\n'), l => l.StartsWith("AiMesh.DevBroker: ", StringComparison.Ordinal));
        Assert.Contains($"127.0.0.1:{taken}", reason, StringComparison.Ordinal);
        Assert.Contains("address already in use", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("Assertion", broker.StandardError, StringComparison.Ordinal);
    }
}
