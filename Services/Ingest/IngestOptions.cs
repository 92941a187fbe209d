namespace AiMesh.Ingest;

/// <summary>
/// Ingest's settings, bound from the <c>Ingest</c> section (environment <c>Ingest__MaxTextLength</c>, …)
/// and checked at startup by <see cref="IngestOptionsValidator"/>.
/// </summary>
public sealed class IngestOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Ingest";

    /// <summary>The largest accepted <see cref="MaxTextLength"/>; it keeps <see cref="MaxBodyBytes"/> modest.</summary>
    public const int MaxTextLengthLimit = 1_000_000;

    /// <summary>
    /// The most bytes one character of <c>text</c> can take in a JSON body: a character outside the
    /// Basic Multilingual Plane written as an escaped surrogate pair (<c>\uD83D\uDE00</c>).
    /// </summary>
    public const int MaxJsonBytesPerCharacter = 12;

    /// <summary>Room in a body for the braces, the property name, whitespace and small extra properties.</summary>
    public const int JsonEnvelopeBytes = 1024;

    /// <summary>
    /// The longest accepted text, in characters (Unicode scalar values, so an emoji counts once).
    /// Default 4000.
    /// </summary>
    public int MaxTextLength { get; set; } = 4000;

    /// <summary>
    /// How long Kafka has to acknowledge a text before the request answers 503. The producer's
    /// <c>message.timeout.ms</c> is set to the same value, so a text reported as failed is never
    /// delivered later. Default 5 s.
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long Ai's model list is kept after Ai answered, for checking the models submissions name and for
    /// <c>GET /api/models</c>: a burst of submissions asks Ai once. Short, because the list says which LLM
    /// models can answer, and that changes when an API key is set. Zero asks Ai for every submission that
    /// names a model. A failure is never kept. Default 5 s.
    /// </summary>
    public TimeSpan ModelListCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long <c>GET /kafka-status</c> waits for cluster metadata. Default 2 s.</summary>
    public TimeSpan KafkaStatusTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The slowest a request body may arrive, in bytes per second averaged since its first byte was
    /// awaited, once <see cref="RequestBodyGracePeriod"/> has passed; a slower body, or one shorter than
    /// its Content-Length, is answered 408. Default 240 (Kestrel's own default).
    /// </summary>
    public int MinRequestBodyBytesPerSecond { get; set; } = 240;

    /// <summary>
    /// How long a request body may arrive slower than <see cref="MinRequestBodyBytesPerSecond"/> before it
    /// is refused. Kestrel checks once a second, so it must be over one second. Default 2 s (Kestrel's is 5 s).
    /// </summary>
    public TimeSpan RequestBodyGracePeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The largest request body read: the longest text written in the most expensive JSON form, plus
    /// the envelope. Larger bodies are refused before they are read to the end.
    /// </summary>
    public int MaxBodyBytes => (MaxTextLength * MaxJsonBytesPerCharacter) + JsonEnvelopeBytes;
}
