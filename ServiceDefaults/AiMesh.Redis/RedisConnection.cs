using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading.Channels;

namespace AiMesh.Redis;

/// <summary>
/// One socket shared by every caller. Commands queue in an outbox that a single writer drains
/// back to back, flushing only when the outbox is empty (or a lot is buffered), so concurrent
/// callers pipeline for free. Redis answers in order, so the reader completes the oldest
/// waiting command with each reply. A connection that breaks is never repaired: it fails what
/// it holds and <see cref="RedisClient"/> opens a new one for the next command.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    // Bounds what one burst of callers can buffer before the writer pushes it to the socket.
    private const int FlushThreshold = 64 * 1024;
    private const int ReadBufferSize = 16 * 1024;

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly string _endPoint;
    private readonly CommandDeadlines _deadlines;
    private readonly Channel<PendingCommand> _outbox = Channel.CreateUnbounded<PendingCommand>(
        new UnboundedChannelOptions { SingleReader = true });

    private readonly Queue<PendingCommand> _awaitingReply = new();
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _shutdown = new();
    private Task _readLoop = Task.CompletedTask;
    private Task _writeLoop = Task.CompletedTask;
    private Task _sweepLoop = Task.CompletedTask;
    private Exception? _fault;
    private int _disposed;

    private RedisConnection(Socket socket, Stream stream, RedisConnectionOptions options)
    {
        _socket = socket;
        _stream = stream;
        _endPoint = options.EndPoint;
        _deadlines = new CommandDeadlines(options.CommandTimeout, options.EndPoint);
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: ReadBufferSize, leaveOpen: true));
        _output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    /// <summary>True once the connection broke or was disposed; it will never carry another command.</summary>
    public bool IsFaulted => Volatile.Read(ref _fault) is not null;

    /// <summary>Commands written to the socket whose replies have not arrived yet.</summary>
    internal int AwaitingReplyCount
    {
        get
        {
            lock (_gate)
            {
                return _awaitingReply.Count;
            }
        }
    }

    /// <summary>
    /// Opens the socket, TLS when asked, then AUTH and SELECT, all within
    /// <see cref="RedisConnectionOptions.ConnectTimeout"/>.
    /// </summary>
    /// <exception cref="RedisConnectionException">The server could not be reached in time.</exception>
    /// <exception cref="RedisServerException">The server refused AUTH or SELECT.</exception>
    public static async Task<RedisConnection> ConnectAsync(RedisConnectionOptions options)
    {
        using var timeout = new CancellationTokenSource(options.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        RedisConnection? connection = null;
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, timeout.Token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (options.Ssl)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = options.Host,
                        RemoteCertificateValidationCallback = options.RemoteCertificateValidation,
                    },
                    timeout.Token).ConfigureAwait(false);
            }

            connection = new RedisConnection(socket, stream, options);
            connection.Start();
            await connection.HandshakeAsync(options, timeout.Token).ConfigureAwait(false);
            return connection;
        }
        catch (Exception ex)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            else if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }

            // Whatever went wrong on the way in, the caller sees a Redis exception that names the server.
            RedisException? reported = ex switch
            {
                OperationCanceledException when timeout.IsCancellationRequested => new RedisConnectionException(
                    $"Could not connect to Redis at {options.EndPoint} within {options.ConnectTimeout.TotalMilliseconds:0} ms (ConnectTimeout).", ex),
                AuthenticationException => new RedisConnectionException(
                    $"The TLS handshake with Redis at {options.EndPoint} failed: {ex.Message}", ex),
                SocketException or IOException => new RedisConnectionException(
                    $"Could not connect to Redis at {options.EndPoint}: {ex.Message}", ex),
                _ => null,
            };
            if (reported is null)
            {
                throw;
            }

            throw reported;
        }
    }

    /// <summary>
    /// Queues a command for the writer. The reply, or the failure (including
    /// <see cref="RedisTimeoutException"/> after <see cref="RedisConnectionOptions.CommandTimeout"/>), arrives on <paramref name="command"/>.
    /// </summary>
    /// <exception cref="RedisConnectionException">The connection is already broken; the command was not sent.</exception>
    public void Enqueue(PendingCommand command)
    {
        if (!_outbox.Writer.TryWrite(command))
        {
            command.ReleasePayload();
            throw NotSent(command);
        }

        _deadlines.Track(command);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Fault(new ObjectDisposedException(nameof(RedisClient), "The Redis client was disposed."));

        // The loops catch everything, so this only waits for them to let go of the pipes and timer.
        await Task.WhenAll(_readLoop, _writeLoop, _sweepLoop).ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _shutdown.Dispose();
    }

    private void Start()
    {
        _readLoop = Task.Run(ReadLoopAsync);
        _writeLoop = Task.Run(WriteLoopAsync);
        _sweepLoop = _deadlines.RunAsync(_shutdown.Token);
    }

    private async Task HandshakeAsync(RedisConnectionOptions options, CancellationToken cancellationToken)
    {
        if (options.Password is not null)
        {
            // A user without a password cannot authenticate, so it is not sent on its own.
            object[] args = options.User is null ? [options.Password] : [options.User, options.Password];
            var reply = await SendAsync("AUTH", args, cancellationToken).ConfigureAwait(false);
            if (reply is RedisReply.Error error)
            {
                var who = options.User is null ? "the default user" : $"user '{options.User}'";
                throw new RedisServerException(
                    "AUTH",
                    error.Message,
                    $"Redis at {_endPoint} rejected AUTH for {who}; check the password in the connection string. Server said: {error.Message}");
            }
        }

        if (options.Database != 0)
        {
            var reply = await SendAsync("SELECT", [options.Database], cancellationToken).ConfigureAwait(false);
            if (reply is RedisReply.Error error)
            {
                throw new RedisServerException(
                    "SELECT",
                    error.Message,
                    $"Redis at {_endPoint} rejected SELECT {options.Database} (defaultDatabase): {error.Message}");
            }
        }
    }

    private async Task<RedisReply> SendAsync(string name, object[] args, CancellationToken cancellationToken)
    {
        var (payload, length) = RespWriter.Encode(name, args);
        var command = new PendingCommand(name, payload, length);
        Enqueue(command);
        try
        {
            return await command.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Settled as cancelled so the failure that closing the connection gives it is not left unobserved.
            command.TrySetCanceled(cancellationToken);
            throw;
        }
    }

    private async Task WriteLoopAsync()
    {
        var outbox = _outbox.Reader;
        try
        {
            while (await outbox.WaitToReadAsync(_shutdown.Token).ConfigureAwait(false))
            {
                var unflushed = 0;
                while (outbox.TryRead(out var command))
                {
                    if (!TrackReply(command))
                    {
                        continue;
                    }

                    _output.Write(command.Payload);
                    unflushed += command.Length;
                    command.ReleasePayload();
                    if (unflushed >= FlushThreshold)
                    {
                        await _output.FlushAsync(_shutdown.Token).ConfigureAwait(false);
                        unflushed = 0;
                    }
                }

                await _output.FlushAsync(_shutdown.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            Fault(ex);
        }
        finally
        {
            // The outbox is complete by now (Fault completes it first), so nothing can slip in after this.
            while (outbox.TryRead(out var command))
            {
                command.ReleasePayload();
                command.TrySetException(NotSent(command));
            }

            await _output.CompleteAsync().ConfigureAwait(false);
        }
    }

    // Registers the command as awaiting a reply just before its bytes go out, so replies can
    // never overtake the queue. Returns false for commands that must not be sent.
    private bool TrackReply(PendingCommand command)
    {
        if (!command.IsAbandoned)
        {
            lock (_gate)
            {
                if (_fault is null)
                {
                    _awaitingReply.Enqueue(command);
                    return true;
                }
            }

            command.TrySetException(NotSent(command));
        }

        command.ReleasePayload();
        return false;
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            await RespReader.ReadAllAsync(_input, OnReply, _shutdown.Token).ConfigureAwait(false);
            Fault(new EndOfStreamException("the server closed the connection"));
        }
        catch (Exception ex)
        {
            Fault(ex);
        }
        finally
        {
            await _input.CompleteAsync().ConfigureAwait(false);
        }
    }

    private void OnReply(RedisReply reply)
    {
        PendingCommand? command;
        lock (_gate)
        {
            _awaitingReply.TryDequeue(out command);
        }

        if (command is null)
        {
            throw new InvalidDataException("Redis protocol violation: a reply arrived that no command was waiting for.");
        }

        // False when the caller gave up: the reply is dropped here, which is what keeps the order intact.
        command.TrySetResult(reply);
    }

    private void Fault(Exception cause)
    {
        PendingCommand[] orphans;
        lock (_gate)
        {
            if (_fault is not null)
            {
                return;
            }

            _fault = cause;
            orphans = [.. _awaitingReply];
            _awaitingReply.Clear();
        }

        _outbox.Writer.TryComplete();
        _shutdown.Cancel();

        // Closing the socket is what unblocks a read or write that is already inside the kernel.
        _socket.Dispose();
        foreach (var command in orphans)
        {
            command.TrySetException(new RedisConnectionException(
                $"The connection to Redis at {_endPoint} was lost while {command.Name} waited for its reply ({Describe(cause)}); it may or may not have run.",
                cause));
        }
    }

    private RedisConnectionException NotSent(PendingCommand command)
    {
        var cause = Volatile.Read(ref _fault);
        return new RedisConnectionException(
            $"The connection to Redis at {_endPoint} closed before {command.Name} was sent ({Describe(cause)}); it did not run.",
            cause);
    }

    private static string Describe(Exception? cause) => cause switch
    {
        null => "closed",
        ObjectDisposedException => "the client was disposed",
        _ => cause.Message,
    };
}
