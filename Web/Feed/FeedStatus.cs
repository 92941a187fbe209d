namespace AiMesh.Web.Feed;

/// <summary>Whether the <see cref="ResultsFeed"/> is receiving results as they happen.</summary>
public enum FeedStatus
{
    /// <summary>The first connection is being opened.</summary>
    Connecting,

    /// <summary>Connected to Results: new results arrive as they complete.</summary>
    Live,

    /// <summary>The connection dropped or could not be opened; the feed retries with a backoff.</summary>
    Reconnecting,
}
