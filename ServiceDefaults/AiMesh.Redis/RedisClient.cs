using System.Diagnostics;
using System.Text;

namespace AiMesh.Redis;

/// <summary>
/// A thread-safe Redis client over one multiplexed, pipelined connection: register one per
/// server as a singleton and share it. It connects on the first command, and after the
/// connection breaks the next command connects again. Commands are never re-sent behind the
/// caller's back: a command caught by a broken connection fails with
/// <see cref="RedisConnectionException"/> and the caller decides whether it is safe to retry.
/// </summary>
public sealed class RedisClient : IAsyncDisposable
{
    // Commands that change state every caller on the shared connection would inherit, and that
    // a reconnect would silently drop, or that make the server stop answering one reply per command.
    private static readonly HashSet<string> s_connectionStateCommands = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "AUTH", "HELLO", "RESET", "MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH",
        "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE", "MONITOR",
    };

    private readonly RedisConnectionOptions _options;
    private readonly Lock _gate = new();
    private RedisConnection? _connection;
    private Task<RedisConnection>? _connecting;
    private bool _disposed;

    /// <exception cref="ArgumentException">The options are out of range (port, database, timeouts).</exception>
    public RedisClient(RedisConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>The options this client connects with.</summary>
    public RedisConnectionOptions Options => _options;

    /// <summary>True while a connection is open and has not failed. False before the first command.</summary>
    public bool IsConnected => Volatile.Read(ref _connection) is { IsFaulted: false };

    /// <summary>Commands sent on the current connection whose replies have not arrived; lets tests see a pipeline fill.</summary>
    internal int AwaitingReplyCount => Volatile.Read(ref _connection)?.AwaitingReplyCount ?? 0;

    /// <summary>Sends PING and returns the round trip, not counting the time to connect.</summary>
    public async Task<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        await ExecuteAsync("PING", [], cancellationToken).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>GET as UTF-8 text; null when the key does not exist.</summary>
    public async Task<string?> GetStringAsync(string key, CancellationToken cancellationToken = default)
    {
        var value = await GetBytesAsync(key, cancellationToken).ConfigureAwait(false);
        return value is null ? null : Encoding.UTF8.GetString(value);
    }

    /// <summary>GET as raw bytes; null when the key does not exist.</summary>
    public async Task<byte[]?> GetBytesAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var reply = await ExecuteAsync("GET", [key], cancellationToken).ConfigureAwait(false);
        return reply.AsBytes();
    }

    /// <summary>SET, optionally with an expiry (sent as PX, so sub-second expiries work).</summary>
    public Task SetAsync(string key, string value, TimeSpan? expiry = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        return SetCoreAsync(key, value, expiry, cancellationToken);
    }

    /// <summary>SET with binary value, optionally with an expiry (sent as PX).</summary>
    public Task SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? expiry = null, CancellationToken cancellationToken = default) =>
        SetCoreAsync(key, value, expiry, cancellationToken);

    /// <summary>DEL; true when the key existed.</summary>
    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var reply = await ExecuteAsync("DEL", [key], cancellationToken).ConfigureAwait(false);
        return reply.AsInt64() > 0;
    }

    /// <summary>INCR; returns the value after the increment.</summary>
    public async Task<long> IncrementAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var reply = await ExecuteAsync("INCR", [key], cancellationToken).ConfigureAwait(false);
        return reply.AsInt64();
    }

    /// <summary>PTTL; null when the key does not exist or has no expiry.</summary>
    public async Task<TimeSpan?> GetTimeToLiveAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var reply = await ExecuteAsync("PTTL", [key], cancellationToken).ConfigureAwait(false);

        // -2: no such key, -1: no expiry.
        var milliseconds = reply.AsInt64();
        return milliseconds < 0 ? null : TimeSpan.FromMilliseconds(milliseconds);
    }

    /// <summary>Sends any command, e.g. <c>ExecuteAsync("HSET", "user:1", "name", "Ada")</c>.</summary>
    /// <remarks>A CancellationToken passed here would be sent as an argument; use the other overload.</remarks>
    public Task<RedisReply> ExecuteAsync(string command, params object[] args) =>
        ExecuteAsync(command, args, CancellationToken.None);

    /// <summary>
    /// Sends any command. Arguments may be strings (sent as UTF-8), byte arrays,
    /// <see cref="ReadOnlyMemory{T}"/> of bytes, or integer and floating-point numbers.
    /// An error reply at the top level throws <see cref="RedisServerException"/>; errors nested
    /// in an array (EXEC results) stay <see cref="RedisReply.Error"/> values.
    /// </summary>
    /// <remarks>
    /// Commands that would change the shared connection for every caller are refused: SELECT
    /// (use <see cref="RedisConnectionOptions.Database"/>), AUTH, HELLO, RESET, CLIENT REPLY,
    /// MULTI/EXEC/WATCH (use EVAL for atomic multi-step updates), and the pub/sub and MONITOR commands.
    /// Blocking commands (BLPOP...) work but hold up every command queued behind them.
    /// </remarks>
    /// <exception cref="ArgumentException">The command name or an argument cannot be encoded; nothing was sent.</exception>
    /// <exception cref="NotSupportedException">The command would change the shared connection's state; nothing was sent.</exception>
    /// <exception cref="RedisServerException">The server answered with an error.</exception>
    /// <exception cref="RedisConnectionException">The connection could not be opened or broke before the reply.</exception>
    /// <exception cref="RedisTimeoutException">No reply within <see cref="RedisConnectionOptions.CommandTimeout"/>.</exception>
    public async Task<RedisReply> ExecuteAsync(string command, IReadOnlyList<object> args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(args);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        ThrowIfConnectionState(command, args);
        var reply = await SendAsync(command, args as object[] ?? [.. args], cancellationToken).ConfigureAwait(false);
        return reply is RedisReply.Error error ? throw new RedisServerException(command, error.Message) : reply;
    }

    /// <summary>Closes the connection; commands still waiting fail with <see cref="RedisConnectionException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        RedisConnection? connection;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            connection = _connection;
            _connection = null;
        }

        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static void ThrowIfConnectionState(string command, IReadOnlyList<object> args)
    {
        if (s_connectionStateCommands.Contains(command)
            || (command.Equals("CLIENT", StringComparison.OrdinalIgnoreCase)
                && args.Count > 0 && args[0] is string sub && sub.Equals("REPLY", StringComparison.OrdinalIgnoreCase)))
        {
            throw new NotSupportedException(
                $"{command.ToUpperInvariant()} is refused: every caller of a RedisClient shares one connection, so it would change that "
                + "connection for all of them, and a reconnect would silently undo it. Use RedisConnectionOptions.Database instead of SELECT, "
                + "and EVAL instead of MULTI/EXEC for atomic multi-step updates; pub/sub and MONITOR are not supported.");
        }
    }

    private async Task SetCoreAsync(string key, object value, TimeSpan? expiry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        object[] args;
        if (expiry is { } ttl)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero, nameof(expiry));

            // Rounded up: PX 0 is an error, and a key must never live shorter than asked.
            args = [key, value, "PX", (long)Math.Ceiling(ttl.TotalMilliseconds)];
        }
        else
        {
            args = [key, value];
        }

        await ExecuteAsync("SET", args, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RedisReply> SendAsync(string name, object[] args, CancellationToken cancellationToken)
    {
        // Encoding first means a bad argument throws before anything is connected or queued.
        var (payload, length) = RespWriter.Encode(name, args);
        var command = new PendingCommand(name, payload, length);
        RedisConnection connection;
        try
        {
            connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);

            // Past this point the writer may send the command at any moment; a caller who has
            // already given up must not have it run.
            cancellationToken.ThrowIfCancellationRequested();
        }
        catch
        {
            command.ReleasePayload();
            throw;
        }

        connection.Enqueue(command);
        try
        {
            return await command.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Abandoned, not removed: if it was sent, its late reply is read and dropped in order.
            command.TrySetCanceled(cancellationToken);
            throw;
        }
    }

    private ValueTask<RedisConnection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = Volatile.Read(ref _connection);
        return connection is { IsFaulted: false }
            ? ValueTask.FromResult(connection)
            : ConnectOrJoinAsync(cancellationToken);
    }

    // Every caller that finds no healthy connection waits on the same connect attempt, so a
    // burst of commands after an outage makes one attempt, not one each.
    private async ValueTask<RedisConnection> ConnectOrJoinAsync(CancellationToken cancellationToken)
    {
        Task<RedisConnection> connecting;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connection is { IsFaulted: false } healthy)
            {
                return healthy;
            }

            if (_connecting is null || _connecting.IsCompleted)
            {
                // Run elsewhere so the connect never starts while this lock is held.
                _connecting = Task.Run(ConnectAndPublishAsync);
            }

            connecting = _connecting;
        }

        // A caller that gives up stops waiting; the attempt goes on for the others.
        return await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<RedisConnection> ConnectAndPublishAsync()
    {
        var connection = await RedisConnection.ConnectAsync(_options).ConfigureAwait(false);
        RedisConnection? retired;
        bool disposed;
        lock (_gate)
        {
            disposed = _disposed;
            retired = disposed ? connection : _connection;
            if (!disposed)
            {
                _connection = connection;
            }
        }

        if (retired is not null)
        {
            await retired.DisposeAsync().ConfigureAwait(false);
        }

        ObjectDisposedException.ThrowIf(disposed, this);
        return connection;
    }
}
