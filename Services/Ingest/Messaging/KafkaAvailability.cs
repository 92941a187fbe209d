using Confluent.Kafka;

namespace AiMesh.Ingest.Messaging;

/// <summary>
/// Whether Ingest's producer can reach any Kafka broker, so that while it cannot, a text is refused at
/// once (<see cref="TextPublisher"/>) and <c>/health</c> says so (<see cref="KafkaAvailabilityHealthCheck"/>)
/// instead of each request waiting out the publish timeout. librdkafka's own report that every broker is
/// down (<see cref="ErrorCode.Local_AllBrokersDown"/>) makes it unreachable at once; only a broker
/// answering since (a metadata reply from <see cref="KafkaAvailabilityMonitor"/>, or an acknowledged
/// text) makes it reachable again.
/// </summary>
internal sealed partial class KafkaAvailability
{
    /// <summary>
    /// The Retry-After of a text refused while Kafka is unreachable: the monitor notices a broker that is
    /// back within about a second.
    /// </summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly ILogger<KafkaAvailability> _logger;
    private KafkaAvailabilityState _state;
    private TaskCompletionSource _unreachable = NewSignal();

    public KafkaAvailability(TimeProvider time, ILogger<KafkaAvailability> logger)
    {
        _time = time;
        _logger = logger;
        _state = new KafkaAvailabilityState(KafkaReachability.NotYetKnown, "No Kafka broker has answered yet.", time.GetUtcNow(), Outages: 0);
    }

    public KafkaAvailabilityState Current
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>The producer's error handler: every broker down makes Kafka unreachable; other errors concern single brokers or messages.</summary>
    public void OnProducerError(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.Code != ErrorCode.Local_AllBrokersDown)
        {
            return;
        }

        lock (_lock)
        {
            _state = new KafkaAvailabilityState(
                KafkaReachability.Unreachable,
                $"every broker is down (librdkafka: {error.Reason})",
                _time.GetUtcNow(),
                _state.Outages + 1);
            _unreachable.TrySetResult();
        }

        LogUnreachable(_logger, error.Reason);
    }

    /// <summary>
    /// A broker answered. <paramref name="seen"/> is the state read before asking: if an outage began
    /// since, the answer is older than it and changes nothing.
    /// </summary>
    public void OnBrokerAnswered(KafkaAvailabilityState seen, string evidence)
    {
        ArgumentNullException.ThrowIfNull(seen);

        KafkaAvailabilityState before;
        lock (_lock)
        {
            before = _state;
            if (before.Reachability == KafkaReachability.Reachable || before.Outages != seen.Outages)
            {
                return;
            }

            _state = new KafkaAvailabilityState(KafkaReachability.Reachable, $"a broker answered ({evidence})", _time.GetUtcNow(), before.Outages);
            _unreachable = NewSignal();
        }

        if (before.Reachability == KafkaReachability.Unreachable)
        {
            LogReachableAgain(_logger, _time.GetUtcNow() - before.Since, evidence);
        }
        else
        {
            LogReachable(_logger, evidence);
        }
    }

    /// <summary>Completes when Kafka is (or becomes) anything but reachable.</summary>
    public Task WhenNotReachableAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _state.Reachability == KafkaReachability.Reachable
                ? _unreachable.Task.WaitAsync(cancellationToken)
                : Task.CompletedTask;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(1, LogLevel.Warning, "Kafka is unreachable: every broker is down ({Reason}). Texts are refused with 503 until a broker answers.")]
    private static partial void LogUnreachable(ILogger logger, string reason);

    [LoggerMessage(2, LogLevel.Information, "Kafka is reachable again after {Outage}: {Evidence}.")]
    private static partial void LogReachableAgain(ILogger logger, TimeSpan outage, string evidence);

    [LoggerMessage(3, LogLevel.Information, "Kafka is reachable: {Evidence}.")]
    private static partial void LogReachable(ILogger logger, string evidence);
}
