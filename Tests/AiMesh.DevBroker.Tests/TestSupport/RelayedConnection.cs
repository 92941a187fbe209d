using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using AiMesh.DevBroker.Forwarding;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiMesh.DevBroker.Tests.TestSupport;

/// <summary>
/// A <see cref="KafkaConnectionRelay"/> between in-memory pipes: the test plays the client on one side
/// and the mock broker on the other, a frame at a time.
/// </summary>
internal sealed class RelayedConnection : IAsyncDisposable
{
    private readonly Pipe _fromClient = new();
    private readonly Pipe _toBroker = new();
    private readonly Pipe _fromBroker = new();
    private readonly Pipe _toClient = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _requests;
    private readonly Task _responses;

    public RelayedConnection(DataArrivals arrivals)
    {
        var relay = new KafkaConnectionRelay(arrivals, NullLogger.Instance);
        _requests = relay.RelayRequestsAsync(_fromClient.Reader, _toBroker.Writer, _stop.Token);
        _responses = relay.RelayResponsesAsync(_fromBroker.Reader, _toClient.Writer, _stop.Token);
    }

    /// <summary>The client sends <paramref name="request"/>; returns the frame the broker got for it.</summary>
    public async Task<byte[]> SendAsync(byte[] request)
    {
        await _fromClient.Writer.WriteAsync(request, TestContext.Current.CancellationToken);
        return await ReadFrameAsync(_toBroker.Reader).DefaultTimeout();
    }

    /// <summary>The broker answers with <paramref name="response"/>.</summary>
    public async Task AnswerAsync(byte[] response) =>
        await _fromBroker.Writer.WriteAsync(response, TestContext.Current.CancellationToken);

    /// <summary>The next response the client gets, within the default timeout.</summary>
    public Task<byte[]> ReceiveAsync() => ReadFrameAsync(_toClient.Reader).DefaultTimeout();

    /// <summary>Whether the client has been given anything it has not read yet.</summary>
    public bool ClientHasUnread()
    {
        if (!_toClient.Reader.TryRead(out var result))
        {
            return false;
        }

        _toClient.Reader.AdvanceTo(result.Buffer.Start);
        return !result.Buffer.IsEmpty;
    }

    public static int CorrelationIdOf(byte[] response) => BinaryPrimitives.ReadInt32BigEndian(response.AsSpan(4));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_requests, _responses);
        }
        catch (OperationCanceledException)
        {
            // How both directions end when the test is over.
        }

        _stop.Dispose();
    }

    private static async Task<byte[]> ReadFrameAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync(TestContext.Current.CancellationToken);
            var buffer = result.Buffer;
            if (buffer.Length >= 4)
            {
                var size = ReadSize(buffer);
                if (buffer.Length >= 4 + size)
                {
                    var frame = buffer.Slice(0, 4 + size);
                    var bytes = frame.ToArray();
                    reader.AdvanceTo(frame.End);
                    return bytes;
                }
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static int ReadSize(ReadOnlySequence<byte> buffer)
    {
        Span<byte> prefix = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(prefix);
        return BinaryPrimitives.ReadInt32BigEndian(prefix);
    }
}
