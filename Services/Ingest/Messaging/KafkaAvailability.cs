using Confluent.Kafka;

namespace AiMesh.Ingest.Messaging;

/// <summary>
/// Whether Ingest's producer can reach any Kafka broker, so that while it cannot, a text is refused at
/// once (<see cref="TextPublisher"/>) and <c>/health</c> says so (<see cref="KafkaAvailabilityHealthCheck"/>)
/// instead of each request waiting out the publish timeout. librdkafka's own report that every broker is
/// down (<see cref="ErrorCode.Local_AllBrokersDown"/>) makes it unreachable at once. That report can be
/// late: librdkafka counts a broker down only after a connection to it failed, and tries brokers it had
/// no use for only now and then. With a mock cluster's brokers all taken down it came after 0 to 3.6 s,
/// and once not within 15 s, while the first refused connection came within 60 ms. So a failed broker
/// connection (<see cref="ErrorCode.Local_Transport"/>) also has <see cref="KafkaAvailabilityMonitor"/>
/// ask the cluster for metadata, and no broker answering makes Kafka unreachable too. Only a broker
/// answering since (a metadata reply, or an acknowledged text) makes it reachable again.
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
    private TaskCompletionSource _doubt = NewSignal();

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

    /// <summary>
    /// The producer's error handler: every broker down makes Kafka unreachable, and a broker connection
    /// failing calls for a probe (<see cref="WhenInDoubtAsync"/>); other errors concern single messages.
    /// </summary>
    public void OnProducerError(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.Code == ErrorCode.Local_Transport)
        {
            lock (_lock)
            {
                _doubt.TrySetResult();
            }
        }
        else if (error.Code == ErrorCode.Local_AllBrokersDown)
        {
            var reason = $"every broker is down (librdkafka: {error.Reason})";
            lock (_lock)
            {
                BecomeUnreachable(reason);
            }

            LogUnreachable(_logger, reason);
        }
    }

    /// <summary>
    /// Completes at once while Kafka is not known to be reachable, and otherwise when there is reason to
    /// doubt it: a broker connection failed, or every broker was reported down. The monitor then probes.
    /// </summary>
    public Task WhenInDoubtAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _state.Reachability == KafkaReachability.Reachable
                ? _doubt.Task.WaitAsync(cancellationToken)
                : Task.CompletedTask;
        }
    }

    /// <summary>
    /// The state as a probe starts, to hand back with its outcome. Doubts raised until now are answered by
    /// this probe; one raised while it runs calls for another.
    /// </summary>
    public KafkaAvailabilityState StartProbe()
    {
        lock (_lock)
        {
            if (_doubt.Task.IsCompleted)
            {
                _doubt = NewSignal();
            }

            return _state;
        }
    }

    /// <summary>
    /// No broker answered a probe that started at <paramref name="seen"/>. That makes a reachable Kafka
    /// unreachable, if it was reachable when the probe started and no outage began since. A Kafka never
    /// reached yet stays so: a client still connecting for the first time is not an outage.
    /// </summary>
    public void OnNoBrokerAnswered(KafkaAvailabilityState seen, string evidence)
    {
        ArgumentNullException.ThrowIfNull(seen);
        lock (_lock)
        {
            var stillAsSeen = _state.Reachability == KafkaReachability.Reachable && _state.Outages == seen.Outages;
            if (seen.Reachability != KafkaReachability.Reachable || !stillAsSeen)
            {
                return;
            }

            BecomeUnreachable(evidence);
        }

        LogUnreachable(_logger, evidence);
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

    // Called with the lock held.
    private void BecomeUnreachable(string reason)
    {
        _state = new KafkaAvailabilityState(KafkaReachability.Unreachable, reason, _time.GetUtcNow(), _state.Outages + 1);
        _doubt.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(1, LogLevel.Warning, "Kafka is unreachable: {Reason}. Texts are refused with 503 until a broker answers.")]
    private static partial void LogUnreachable(ILogger logger, string reason);

    [LoggerMessage(2, LogLevel.Information, "Kafka is reachable again after {Outage}: {Evidence}.")]
    private static partial void LogReachableAgain(ILogger logger, TimeSpan outage, string evidence);

    [LoggerMessage(3, LogLevel.Information, "Kafka is reachable: {Evidence}.")]
    private static partial void LogReachable(ILogger logger, string evidence);
}
