namespace AiMesh.Inference;

/// <summary>
/// The worker's settings, bound from the <c>Inference</c> section (environment <c>Inference__CacheTtl</c>
/// and so on) and validated at start-up by <see cref="InferenceOptionsValidator"/>.
/// </summary>
public sealed class InferenceOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Inference";

    /// <summary>
    /// The built-in model the Ai service is asked to run for a text that names none; also part of the
    /// cache key. A text naming another model (<c>TextSubmitted.Model</c>) gets that one instead.
    /// </summary>
    public string Model { get; set; } = "sentiment";

    /// <summary>How long an answer stays in Redis. The AppHost sets it from its <c>cache-ttl</c> parameter.</summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The wait before the first retry of a message whose handling failed; it doubles per retry.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between two retries of one message.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many times a message whose failure may pass (the Ai service or Kafka away) is tried before it
    /// goes to data-topic.dlq. With the default delays, 10 attempts span about 80 s. A retrying message
    /// holds only its own slot of <see cref="MaxInFlight"/>; the consume loop goes on meanwhile.
    /// </summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>
    /// How long one message for a built-in model may stay unfinished (it holds back its partition's
    /// committed offset) before the replica reports itself Degraded. Such a message normally takes
    /// milliseconds; this long means it is being retried. LLM answers are judged by <see cref="AnswerTimeout"/> instead.
    /// </summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one Redis call may take before the message goes on without the cache, so a hung Redis
    /// slows each message by at most this much instead of stalling the pipeline.
    /// </summary>
    public TimeSpan CacheTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How many Redis calls must fail, with none succeeding within <see cref="CacheBreakerSamplingDuration"/>,
    /// before the cache's circuit breaker opens and messages stop calling Redis at all.
    /// </summary>
    public int CacheBreakerFailures { get; set; } = 3;

    /// <summary>
    /// The window the breaker judges Redis over: it opens when every call in it failed and there were at
    /// least <see cref="CacheBreakerFailures"/>. A longer window waits longer for past successes to age out.
    /// </summary>
    public TimeSpan CacheBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often an open breaker sends Redis a PING; the first answered one closes it.</summary>
    public TimeSpan CacheProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long one LLM answer (<c>POST /api/answer</c>, from the request to the stream's closing line)
    /// may take before the attempt fails and is retried. Answers take up to a minute, well past the
    /// standard resilience handler's timeouts, so this call has a client and a timeout of its own. An
    /// answer that has been going on (from when it got one of <see cref="MaxAnswersInFlight"/>) for longer
    /// than this has been retried, and the replica reports itself Degraded.
    /// </summary>
    public TimeSpan AnswerTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long the Ai service's list of LLM models (<c>GET /api/models</c>) is trusted before it is asked
    /// for again: the list decides whether a text naming a model goes to <c>/api/answer</c> or <c>/api/infer</c>.
    /// </summary>
    public TimeSpan ModelListTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many data-topic messages one replica handles at once. At the bound the consume loop pauses its
    /// partitions (it keeps polling, so the group and its rebalances go on) and resumes them once three
    /// quarters are left; so memory stays bounded whatever the backlog. A pause costs about a second on
    /// the dev broker (librdkafka drops what it prefetched and fetches again), so the bound sits far above
    /// steady flow and is met only by a backlog, such as a replica starting behind a lag. At 512, the
    /// benchmark's 512 senders, whose texts arrive together on one partition, met it on every round.
    /// </summary>
    public int MaxInFlight { get; set; } = 4096;

    /// <summary>
    /// How many LLM answers (<c>POST /api/answer</c>, seconds each) one replica asks for at once. An LLM
    /// text beyond this waits, asynchronously, inside its own slot of <see cref="MaxInFlight"/>, while
    /// texts for built-in models keep flowing past it.
    /// </summary>
    public int MaxAnswersInFlight { get; set; } = 16;

    /// <summary>
    /// How long texts for one built-in model are gathered into one <c>POST /api/infer/batch</c> before it
    /// is sent (it goes sooner once <see cref="AiMaxBatchSize"/> texts are waiting). Zero sends whatever
    /// is waiting at once.
    /// </summary>
    public TimeSpan AiBatchWindow { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>The most texts one <c>POST /api/infer/batch</c> carries; keep it within the Ai service's <c>Ai:MaxBatchSize</c>.</summary>
    public int AiMaxBatchSize { get; set; } = 64;

    /// <summary>
    /// How many batches may be waiting for the Ai service at once. The Ai service has several replicas
    /// behind one proxy, so a few batches keep them all busy; the texts gathered meanwhile make the next
    /// batches fuller.
    /// </summary>
    public int AiBatchesInFlight { get; set; } = 4;

    /// <summary>
    /// On shutdown, how long the messages in flight get to finish (their offsets are then stored and
    /// committed) before the rest are abandoned, to be consumed again by the partitions' next owner.
    /// The host's shutdown timeout is raised to cover it.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
