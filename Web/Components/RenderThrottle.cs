namespace AiMesh.Web.Components;

/// <summary>
/// Turns a burst of "something changed" into one re-render per interval: under load results arrive
/// far faster than a browser needs to redraw, and each render is a diff pushed over the circuit.
/// </summary>
public sealed class RenderThrottle : IDisposable
{
    private readonly Func<CancellationToken, Task> _pause;
    private readonly Func<Task> _render;
    private readonly CancellationTokenSource _disposed = new();
    private int _scheduled;

    /// <summary>Renders with <paramref name="render"/> at most once per <paramref name="interval"/>.</summary>
    public RenderThrottle(TimeSpan interval, Func<Task> render)
        : this(cancellationToken => Task.Delay(interval, cancellationToken), render)
    {
    }

    /// <summary>For tests: <paramref name="pause"/> decides when a requested render happens.</summary>
    internal RenderThrottle(Func<CancellationToken, Task> pause, Func<Task> render)
    {
        _pause = pause;
        _render = render;
    }

    /// <summary>Asks for a render; thread-safe. Requests until the render starts share it.</summary>
    public void Request()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            _ = RenderLaterAsync();
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    private async Task RenderLaterAsync()
    {
        try
        {
            await _pause(_disposed.Token).ConfigureAwait(false);

            // Cleared before rendering: a change during the render gets a render of its own.
            Volatile.Write(ref _scheduled, 0);
            await _render().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
        {
            // The component went away.
        }
    }
}
