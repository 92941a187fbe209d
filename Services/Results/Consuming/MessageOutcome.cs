namespace AiMesh.Results.Consuming;

/// <summary>What became of one result-topic message of a batch.</summary>
internal enum MessageOutcome
{
    /// <summary>Not finished yet.</summary>
    Pending,

    /// <summary>Its result was stored for the first time: it is pushed and counted as stored.</summary>
    Inserted,

    /// <summary>Its id was stored already, or came earlier in the same batch: the stored answer stays.</summary>
    Duplicate,

    /// <summary>It can never be stored and waits in result-topic.dlq.</summary>
    DeadLettered,
}
