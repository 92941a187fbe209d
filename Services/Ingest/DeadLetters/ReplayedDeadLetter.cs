namespace AiMesh.Ingest.DeadLetters;

/// <summary>One dead letter sent back by <c>POST /api/dead-letters/{topic}/replay</c>, and where it went.</summary>
/// <param name="Partition">The dead letter's partition in the dead-letter topic.</param>
/// <param name="Offset">Its offset there.</param>
/// <param name="Key">The message's key.</param>
/// <param name="Topic">The topic it was sent back to.</param>
/// <param name="ReplayedPartition">Its new partition there.</param>
/// <param name="ReplayedOffset">Its new offset there.</param>
public sealed record ReplayedDeadLetter(int Partition, long Offset, string? Key, string Topic, int ReplayedPartition, long ReplayedOffset);
