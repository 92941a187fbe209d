namespace AiMesh.Web.Feed;

/// <summary>
/// How the UI follows Results' WebSockets (<see cref="ResultsFeed"/> and <see cref="AnswersFeed"/>, which
/// share the connection settings), bound from <see cref="SectionName"/>.
/// </summary>
public sealed class ResultsFeedOptions
{
    /// <summary>The configuration section, e.g. <c>ResultsFeed__Capacity=30</c>.</summary>
    public const string SectionName = "ResultsFeed";

    /// <summary>How many of the latest results are kept and shown, and fetched after each (re)connect.</summary>
    public int Capacity { get; set; } = 50;

    /// <summary>The path of Results' WebSocket of results on the Results endpoint.</summary>
    public string WebSocketPath { get; set; } = "/ws/results";

    /// <summary>The path of Results' WebSocket of LLM answers as they are written.</summary>
    public string AnswersWebSocketPath { get; set; } = "/ws/answers";

    /// <summary>
    /// How many answers being written are kept, so a page that learns its id late (or is reloaded)
    /// still finds the pieces that came before; the oldest started goes first.
    /// </summary>
    public int AnswerCapacity { get; set; } = 256;

    /// <summary>How long opening the WebSocket may take before the attempt counts as failed.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait before the first reconnect; it doubles with each failed attempt.</summary>
    public TimeSpan InitialReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between reconnect attempts.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the feed sends a keep-alive frame on an otherwise quiet connection.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The largest message accepted; a bigger one drops the connection.</summary>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;
}
