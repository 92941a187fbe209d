using AiMesh.Web.Components;

namespace AiMesh.Web.Tests.Components;

public sealed class RenderThrottleTests
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pauses;
    private int _renders;

    [Fact]
    public async Task ABurstOfRequestsRendersOnce()
    {
        using var throttle = CreateThrottle();

        for (var i = 0; i < 100; i++)
        {
            throttle.Request();
        }

        _gate.SetResult();
        await AsyncTestHelpers.WaitUntilAsync(() => Volatile.Read(ref _renders) == 1);
        Assert.Equal(1, _pauses);
    }

    [Fact]
    public async Task ARequestAfterARenderStartedRendersAgain()
    {
        using var throttle = CreateThrottle();
        _gate.SetResult();

        throttle.Request();
        await AsyncTestHelpers.WaitUntilAsync(() => Volatile.Read(ref _renders) == 1);
        throttle.Request();

        await AsyncTestHelpers.WaitUntilAsync(() => Volatile.Read(ref _renders) == 2);
    }

    [Fact]
    public async Task NothingRendersAfterDisposal()
    {
        var throttle = CreateThrottle();
        throttle.Request();

        throttle.Dispose();
        _gate.SetResult();
        throttle.Request();
        await Task.Delay(100, TestContext.Current.CancellationToken);

        Assert.Equal(0, Volatile.Read(ref _renders));
    }

    private RenderThrottle CreateThrottle() => new(
        cancellationToken =>
        {
            Interlocked.Increment(ref _pauses);
            return _gate.Task.WaitAsync(cancellationToken);
        },
        () =>
        {
            Interlocked.Increment(ref _renders);
            return Task.CompletedTask;
        });
}
