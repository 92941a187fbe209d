using System.Diagnostics;

namespace AiMesh.Results.Consuming;

/// <summary>
/// Makes one message's processing span the current activity for a step, so what the step starts (a
/// database command, a dead letter's publish, a push) joins that message's trace, and puts back what
/// was current after it. A batch holds many messages' spans at once; none of them may stay current,
/// or the next message without trace context of its own would become its child.
/// </summary>
internal readonly struct CurrentActivity : IDisposable
{
    private readonly Activity? _previous;

    private CurrentActivity(Activity? previous) => _previous = previous;

    /// <summary>Makes <paramref name="activity"/> current (none, when null) until the result is disposed.</summary>
    public static CurrentActivity Enter(Activity? activity)
    {
        var previous = Activity.Current;
        Activity.Current = activity;
        return new CurrentActivity(previous);
    }

    public void Dispose() => Activity.Current = _previous;
}
