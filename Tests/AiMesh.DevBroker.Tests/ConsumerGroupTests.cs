using System.Diagnostics;
using AiMesh.DevBroker.Tests.TestSupport;

namespace AiMesh.DevBroker.Tests;

/// <summary>KIP-848 groups on the dev broker move partitions within seconds, not the classic protocol's 40–80 s.</summary>
public sealed class ConsumerGroupTests(DevBrokerFixture fixture) : IClassFixture<DevBrokerFixture>
{
    private const string Topic = "group-topic";
    private static readonly TimeSpan s_rebalanceBudget = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task A_second_member_joining_splits_the_partitions_and_its_leaving_gives_them_all_back()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var all = Enumerable.Range(0, DevBrokerFixture.Topics[Topic]).ToArray();
        var groupId = $"kip848-{Guid.NewGuid():N}";

        using var first = new GroupMember(fixture.BootstrapServers, groupId, Topic);
        await WaitUntilAsync(() => first.Assignment.SequenceEqual(all), TimeSpan.FromSeconds(20), cancellationToken);

        var joining = Stopwatch.StartNew();
        var second = new GroupMember(fixture.BootstrapServers, groupId, Topic);
        try
        {
            await WaitUntilAsync(
                () => first.Assignment.Count > 0 && second.Assignment.Count > 0
                    && first.Assignment.Concat(second.Assignment).Order().SequenceEqual(all),
                s_rebalanceBudget,
                cancellationToken);
            joining.Stop();
        }
        finally
        {
            second.Dispose();
        }

        var leaving = Stopwatch.StartNew();
        await WaitUntilAsync(() => first.Assignment.SequenceEqual(all), s_rebalanceBudget, cancellationToken);

        TestContext.Current.SendDiagnosticMessage($"join moved partitions in {joining.Elapsed}, leave in {leaving.Elapsed}");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan budget, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(stopwatch.Elapsed < budget, $"not within {budget}");
            await Task.Delay(50, cancellationToken);
        }
    }
}
