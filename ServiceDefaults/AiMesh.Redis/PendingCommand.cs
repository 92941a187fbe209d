using System.Buffers;

namespace AiMesh.Redis;

/// <summary>
/// One command on its way through a connection: its encoded bytes until the socket writer has
/// sent them, then the promise of its reply. Abandoning it (timeout, cancellation) only completes
/// the promise; the command keeps its place in the reply queue so the reply meant for it is
/// still read and dropped, and the next caller gets its own.
/// </summary>
internal sealed class PendingCommand : TaskCompletionSource<RedisReply>
{
    private byte[]? _payload;

    // Replies are matched on the connection's read loop; running callers' continuations there
    // would stall every other reply behind one caller's code.
    public PendingCommand(string name, byte[] payload, int length)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Name = name;
        _payload = payload;
        Length = length;
    }

    /// <summary>The command name, for error messages.</summary>
    public string Name { get; }

    /// <summary>The encoded command, or empty once it has been sent or dropped.</summary>
    public ReadOnlySpan<byte> Payload => _payload.AsSpan(0, _payload is null ? 0 : Length);

    public int Length { get; }

    /// <summary>When the command was queued on its connection, as a <see cref="System.Diagnostics.Stopwatch"/> timestamp.</summary>
    public long QueuedAt { get; set; }

    /// <summary>True once the caller stopped waiting or the command already failed: do not send it.</summary>
    public bool IsAbandoned => Task.IsCompleted;

    /// <summary>Gives the pooled buffer back; the last holder of the command calls this exactly once.</summary>
    public void ReleasePayload()
    {
        var payload = Interlocked.Exchange(ref _payload, null);
        if (payload is not null)
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }
}
