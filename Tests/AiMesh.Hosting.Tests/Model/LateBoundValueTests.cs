using AiMesh.Hosting.ApplicationModel;

namespace AiMesh.Hosting.Tests.Model;

public sealed class LateBoundValueTests
{
    [Fact]
    public async Task A_reader_waits_until_the_value_is_set()
    {
        var value = new LateBoundValue("{kafka.bindings.tcp.host}:{kafka.bindings.tcp.port}");

        var read = value.GetValueAsync().AsTask();
        await Task.Delay(20);
        Assert.False(read.IsCompleted);
        Assert.False(value.IsSet);

        value.Set("127.0.0.1:39100");

        Assert.Equal("127.0.0.1:39100", await read.DefaultTimeout());
        Assert.True(value.IsSet);
        Assert.Equal("{kafka.bindings.tcp.host}:{kafka.bindings.tcp.port}", value.ValueExpression);
    }

    [Fact]
    public async Task A_new_value_replaces_the_old_one_for_later_readers()
    {
        var value = new LateBoundValue("{x}");
        value.Set("first");
        value.Set("first");
        Assert.Equal("first", await value.GetValueAsync().AsTask().DefaultTimeout());

        value.Set("second");

        Assert.Equal("second", await value.GetValueAsync().AsTask().DefaultTimeout());
    }

    [Fact]
    public async Task After_Reset_readers_wait_for_the_next_value()
    {
        var value = new LateBoundValue("{x}");
        value.Set("before-restart");

        value.Reset();
        var read = value.GetValueAsync().AsTask();
        await Task.Delay(20);

        Assert.False(value.IsSet);
        Assert.False(read.IsCompleted);
        value.Set("after-restart");
        Assert.Equal("after-restart", await read.DefaultTimeout());
    }

    [Fact]
    public async Task Reset_before_any_value_keeps_the_waiting_readers()
    {
        var value = new LateBoundValue("{x}");
        var read = value.GetValueAsync().AsTask();

        value.Reset();
        value.Set("v");

        Assert.Equal("v", await read.DefaultTimeout());
    }

    [Fact]
    public async Task A_cancelled_reader_stops_waiting()
    {
        var value = new LateBoundValue("{x}");
        using var cts = new CancellationTokenSource();

        var read = value.GetValueAsync(cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read).DefaultTimeout();
    }
}
