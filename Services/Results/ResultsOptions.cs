namespace AiMesh.Results;

/// <summary>The Results service's settings, bound from the <c>Results</c> configuration section.</summary>
public sealed class ResultsOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Results";

    /// <summary>How many results <c>GET /api/results</c> returns when the request names no limit.</summary>
    public int DefaultListLimit { get; set; } = 50;

    /// <summary>The largest limit <c>GET /api/results?limit=N</c> accepts; larger ones are a 400.</summary>
    public int MaxListLimit { get; set; } = 500;

    /// <summary>The <see cref="AnswerGroupId"/> unless configuration names another.</summary>
    public const string DefaultAnswerGroupId = "results-answers";

    /// <summary>
    /// The consumer group that relays answer-topic to <c>/ws/answers</c>, apart from result-topic's group
    /// (<c>Aspire:Confluent:Kafka:Consumer:kafka:Config:GroupId</c>, default <c>results</c>).
    /// </summary>
    public string AnswerGroupId { get; set; } = DefaultAnswerGroupId;

    /// <summary>
    /// How many messages may wait for one WebSocket client of <c>/ws/results</c> or <c>/ws/answers</c>.
    /// A client whose queue is full has fallen behind and is disconnected, so a slow reader never slows
    /// the consumers or the other clients. A batch's results are queued together, so the queue holds at
    /// least <see cref="MaxBatchSize"/>: a client that keeps up must never be dropped for one big batch.
    /// The default is about a second of results at full load, so a client that pauses for a garbage
    /// collection or a busy CPU is not dropped; the frames are shared by all clients, so a place costs a reference.
    /// </summary>
    public int ClientQueueSize { get; set; } = 8192;

    /// <summary>
    /// The most result-topic messages the consumer stores in one statement and one commit. It takes what
    /// is ready and never waits to fill a batch, so batches grow only while the consumer is behind.
    /// </summary>
    public int MaxBatchSize { get; set; } = 500;

    /// <summary>How often the server pings each WebSocket client, which keeps idle connections open through proxies.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the server waits for a pong before it gives a client up as gone; zero waits forever.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a client the server disconnects gets to receive what is in flight and the close frame.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The first wait after a database failure; each further failure doubles it, up to <see cref="DatabaseRetryMaxDelay"/>.</summary>
    public TimeSpan DatabaseRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between two attempts while the database is unreachable.</summary>
    public TimeSpan DatabaseRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the consume loop may go without polling Kafka before the health check calls it stalled.</summary>
    public TimeSpan ConsumerStallTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
