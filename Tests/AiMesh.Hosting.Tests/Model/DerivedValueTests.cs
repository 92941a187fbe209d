using AiMesh.Hosting.ApplicationModel;

namespace AiMesh.Hosting.Tests.Model;

public sealed class DerivedValueTests
{
    [Fact]
    public async Task A_derived_value_waits_for_its_source_and_transforms_it()
    {
        var source = new LateBoundValue("{kafka.bindings.tcp.url}");
        var firstHost = new DerivedValue(source, list => list.Split(',')[0], "{kafka.bindings.tcp.host}");

        var read = firstHost.GetValueAsync().AsTask();
        await Task.Delay(20);
        Assert.False(read.IsCompleted);

        source.Set("127.0.0.1:39200,127.0.0.1:39201");

        Assert.Equal("127.0.0.1:39200", await read.DefaultTimeout());
        Assert.Equal("{kafka.bindings.tcp.host}", firstHost.ValueExpression);
    }

    [Fact]
    public async Task A_missing_source_value_is_not_transformed()
    {
        var derived = new DerivedValue(new NullValue(), _ => throw new InvalidOperationException("must not be called"), "{x}");

        Assert.Null(await derived.GetValueAsync().AsTask().DefaultTimeout());
    }

    private sealed class NullValue : IValueProvider
    {
        public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<string?>(null);
    }
}
