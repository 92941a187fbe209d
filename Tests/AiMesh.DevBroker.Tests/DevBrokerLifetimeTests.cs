using System.Diagnostics;
using System.Globalization;
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
        await using var broker = DevBrokerProcess.Start(["--brokers", "2", "--topic", "t:2"]);
        await broker.WaitForBootstrapServersAsync(cancellationToken).DefaultTimeout();

        var stopwatch = Stopwatch.StartNew();
        broker.Signal(signal);
        var exitCode = await broker.WaitForExitAsync(cancellationToken).DefaultTimeout(TimeSpan.FromSeconds(10));

        Assert.Equal(0, exitCode);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"stopping took {stopwatch.Elapsed}");
        Assert.False(File.Exists(broker.BootstrapFile), "a stopped broker should withdraw its bootstrap list");
        Assert.DoesNotContain("Assertion", broker.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--brokers", "0")]
    [InlineData("--brokers", "three")]
    [InlineData("--topic", "bad topic:2")]
    [InlineData("--topic", "t:0")]
    [InlineData("--parent-pid", "-5")]
    [InlineData("--bogus", "1")]
    [InlineData("stray")]
    public async Task Bad_arguments_exit_with_code_2_and_say_what_is_wrong(params string[] arguments)
    {
        await using var broker = DevBrokerProcess.Start(arguments, withBootstrapFile: false);

        var exitCode = await broker.WaitForExitAsync(TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(2, exitCode);
        Assert.Contains("AiMesh.DevBroker: ", broker.StandardError, StringComparison.Ordinal);
        Assert.Contains("Usage:", broker.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(broker.StandardOutput, l => l.StartsWith("Bootstrap servers:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_startup_failure_exits_with_code_1_and_a_reason_without_crashing_librdkafka()
    {
        // A bootstrap file "inside" a regular file can never be written.
        var blocker = Path.GetTempFileName();
        try
        {
            await using var broker = DevBrokerProcess.Start(["--bootstrap-file", Path.Combine(blocker, "bootstrap.txt")], withBootstrapFile: false);

            var exitCode = await broker.WaitForExitAsync(TestContext.Current.CancellationToken).DefaultTimeout();

            Assert.Equal(1, exitCode);
            Assert.Contains("AiMesh.DevBroker: could not start:", broker.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("Assertion", broker.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    [Fact]
    public async Task The_broker_stops_by_itself_when_its_parent_process_dies()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var parent = Process.Start("sleep", ["300"]);
        try
        {
            await using var broker = DevBrokerProcess.Start(["--brokers", "1", "--parent-pid", parent.Id.ToString(CultureInfo.InvariantCulture)]);
            await broker.WaitForBootstrapServersAsync(cancellationToken).DefaultTimeout();

            parent.Kill();
            await parent.WaitForExitAsync(cancellationToken).DefaultTimeout();
            var exitCode = await broker.WaitForExitAsync(cancellationToken).DefaultTimeout(TimeSpan.FromSeconds(5));

            Assert.Equal(0, exitCode);
            Assert.Contains(broker.StandardOutput, l => l.Contains("has exited; stopping the broker", StringComparison.Ordinal));
        }
        finally
        {
            if (!parent.HasExited)
            {
                parent.Kill();
            }
        }
    }

    [Fact]
    public async Task A_parent_pid_that_is_not_running_is_rejected_with_exit_code_2()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        int goneId;
        using (var gone = Process.Start("true"))
        {
            await gone.WaitForExitAsync(cancellationToken).DefaultTimeout();
            goneId = gone.Id;
        }

        await using var broker = DevBrokerProcess.Start(["--parent-pid", goneId.ToString(CultureInfo.InvariantCulture)], withBootstrapFile: false);
        var exitCode = await broker.WaitForExitAsync(cancellationToken).DefaultTimeout();

        Assert.Equal(2, exitCode);
        Assert.Contains("no such running process", broker.StandardError, StringComparison.Ordinal);
    }
}
