using Confluent.Kafka;

namespace AiMesh.Inference.Worker;

/// <summary>A message <see cref="OffsetTracker"/> tracks, tied to the ownership of its partition it was started under.</summary>
internal sealed class TrackedMessage
{
    internal TrackedMessage(TopicPartitionOffset message, OffsetTracker.PartitionTrack track)
    {
        Message = message;
        Track = track;
    }

    public TopicPartitionOffset Message { get; }

    internal long Offset => Message.Offset.Value;

    internal OffsetTracker.PartitionTrack Track { get; }
}
