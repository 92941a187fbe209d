namespace AiMesh.Web.Feed;

/// <summary>Whether a feed (<see cref="ResultsFeed"/>, <see cref="AnswersFeed"/>) is receiving messages as they happen.</summary>
public enum FeedStatus
{
    /// <summary>The first connection is being opened.</summary>
    Connecting,

    /// <summary>Connected to Results: new messages arrive as they happen.</summary>
    Live,

    /// <summary>The connection dropped or could not be opened; the feed retries with a backoff.</summary>
    Reconnecting,
}
