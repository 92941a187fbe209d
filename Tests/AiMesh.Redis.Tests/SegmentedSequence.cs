using System.Buffers;

namespace AiMesh.Redis.Tests;

/// <summary>Builds a <see cref="ReadOnlySequence{T}"/> whose segments split the bytes where a socket might.</summary>
internal static class SegmentedSequence
{
    public static ReadOnlySequence<byte> Create(ReadOnlySpan<byte> bytes, int segmentLength)
    {
        if (bytes.IsEmpty)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(bytes[..Math.Min(segmentLength, bytes.Length)].ToArray(), 0);
        var last = first;
        for (var offset = segmentLength; offset < bytes.Length; offset += segmentLength)
        {
            last = last.Append(bytes.Slice(offset, Math.Min(segmentLength, bytes.Length - offset)).ToArray());
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
