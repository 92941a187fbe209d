using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;

namespace AiMesh.DevBroker.Forwarding;

/// <summary>
/// One client connection's requests and responses, frame by frame, between the client and its broker's
/// mock listener, as a real broker would answer them. librdkafka's mock holds an empty Fetch for all of
/// its max_wait_ms even when data arrives meanwhile, so a consumer would see a new message only when
/// its wait ran out; a real broker answers as soon as there is data. The relay asks the mock with no
/// wait, and holds an empty answer itself until the broker has answered a produce (the data is there
/// then) or the consumer's wait is over. Consumers can then keep librdkafka's long default wait and
/// need not poll an idle broker many times a second. Responses keep their requests' order, as Kafka's
/// do: a held answer holds back the later ones on its connection (the mock does the same). Anything
/// the relay cannot follow turns it into a plain byte copy for the rest of the connection.
/// </summary>
internal sealed partial class KafkaConnectionRelay(DataArrivals arrivals, ILogger logger)
{
    // Kafka's own ceiling on a request (socket.request.max.bytes) is 100 MiB; a larger size is not Kafka.
    private const int MaxFrameBytes = 100 * 1024 * 1024;

    private static readonly byte[] s_noWait = new byte[sizeof(int)];

    private readonly ConcurrentQueue<PendingResponse> _pending = new();
    private volatile bool _transparent;

    /// <summary>Copies the client's requests to the mock, taking over each Fetch's wait, until either side closes.</summary>
    public async Task RelayRequestsAsync(PipeReader client, PipeWriter broker, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await client.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            while (TryTakeFrame(ref buffer, out var frame))
            {
                Forward(frame, broker);
            }

            client.AdvanceTo(buffer.Start, buffer.End);
            var flush = await broker.FlushAsync(cancellationToken);
            if (read.IsCompleted || flush.IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>Copies the mock's responses to the client in order, holding empty fetches, until either side closes.</summary>
    public async Task RelayResponsesAsync(PipeReader broker, PipeWriter client, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await broker.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            while (TryTakeFrame(ref buffer, out var frame))
            {
                if (Answering(frame) is { } pending)
                {
                    if (pending.Request.ApiKey == KafkaApiKey.Produce)
                    {
                        arrivals.Arrived();
                    }
                    else if (pending.IsLongPoll && FetchResponse.IsEmpty(frame, pending.Request.Version))
                    {
                        // The answers before this one go now; this one, and any after it, once there is data.
                        await client.FlushAsync(cancellationToken);
                        var left = pending.HeldFor - Stopwatch.GetElapsedTime(pending.AskedAt);
                        await arrivals.WaitAfterAsync(pending.ArrivalsSeen, left, cancellationToken);
                    }
                }

                Write(client, frame);
            }

            broker.AdvanceTo(buffer.Start, buffer.End);
            var flush = await client.FlushAsync(cancellationToken);
            if (read.IsCompleted || flush.IsCompleted)
            {
                return;
            }
        }
    }

    private void Forward(ReadOnlySequence<byte> frame, PipeWriter broker)
    {
        if (_transparent)
        {
            Write(broker, frame);
            return;
        }

        if (!KafkaRequest.TryRead(frame, out var request))
        {
            StopFollowing("a request too short for a header");
            Write(broker, frame);
            return;
        }

        if (request.TryFindFetchWait(frame, out var waitOffset, out var maxWaitMs) && maxWaitMs > 0)
        {
            _pending.Enqueue(new PendingResponse(request, TimeSpan.FromMilliseconds(maxWaitMs), Stopwatch.GetTimestamp(), arrivals.Count));
            Write(broker, frame.Slice(0, waitOffset));
            broker.Write(s_noWait);
            Write(broker, frame.Slice(waitOffset + sizeof(int)));
            return;
        }

        // A produce with acks=0 is never answered. It wakes no held fetch either: those wait out their time.
        if (request.ExpectsResponse(frame))
        {
            _pending.Enqueue(new PendingResponse(request, TimeSpan.Zero, 0, 0));
        }

        Write(broker, frame);
    }

    /// <summary>The request <paramref name="response"/> answers, or null once the relay no longer follows the connection.</summary>
    private PendingResponse? Answering(ReadOnlySequence<byte> response)
    {
        if (_transparent)
        {
            return null;
        }

        Span<byte> header = stackalloc byte[8];
        if (response.Length < header.Length)
        {
            StopFollowing("a response too short for a header");
            return null;
        }

        response.Slice(0, header.Length).CopyTo(header);
        var correlationId = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        if (!_pending.TryDequeue(out var pending) || pending.Request.CorrelationId != correlationId)
        {
            StopFollowing($"response {correlationId} did not answer the oldest request waiting");
            return null;
        }

        return pending;
    }

    private void StopFollowing(string reason)
    {
        _transparent = true;
        LogStoppedFollowing(logger, reason);
    }

    /// <summary>Takes the first whole frame (its int32 size and that many bytes) off <paramref name="buffer"/>.</summary>
    private static bool TryTakeFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        Span<byte> prefix = stackalloc byte[sizeof(int)];
        if (buffer.Length < prefix.Length)
        {
            return false;
        }

        buffer.Slice(0, prefix.Length).CopyTo(prefix);
        var size = BinaryPrimitives.ReadInt32BigEndian(prefix);
        if (size is < 0 or > MaxFrameBytes)
        {
            throw new InvalidDataException($"A frame of {size} bytes is not Kafka's.");
        }

        if (buffer.Length < prefix.Length + size)
        {
            return false;
        }

        frame = buffer.Slice(0, prefix.Length + size);
        buffer = buffer.Slice(frame.End);
        return true;
    }

    private static void Write(PipeWriter writer, ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
        {
            writer.Write(segment.Span);
        }
    }

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning,
        Message = "A forwarded connection is copied as it is from now on, its fetches answered only when the mock does: {Reason}")]
    private static partial void LogStoppedFollowing(ILogger logger, string reason);
}
