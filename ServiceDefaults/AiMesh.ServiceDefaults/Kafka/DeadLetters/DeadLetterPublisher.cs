using System.Diagnostics.Metrics;
using System.Globalization;
using AiMesh.ServiceDefaults.Hosting;
using AiMesh.ServiceDefaults.Resilience;
using AiMesh.ServiceDefaults.Telemetry;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace AiMesh.ServiceDefaults.Kafka.DeadLetters;

/// <summary>
/// Sends a message that cannot be handled to its topic's dead-letter topic (<see cref="DeadLetterTopic"/>):
/// the original key, value and headers unchanged, plus <see cref="DeadLetterHeaders"/> saying where it
/// came from and why. It returns once Kafka has acknowledged the dead letter, so the caller may then
/// store the original's offset and move on without losing it.
/// </summary>
public sealed partial class DeadLetterPublisher
{
    /// <summary>Error messages are cut to this many characters: a header is no place for a whole stack.</summary>
    public const int MaxErrorMessageLength = 2000;

    private readonly IProducer<byte[]?, byte[]?> _producer;
    private readonly ServiceInstance _instance;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DeadLetterPublisher> _logger;
    private readonly Counter<long> _deadLetters;

    public DeadLetterPublisher(
        IProducer<byte[]?, byte[]?> producer,
        ServiceInstance instance,
        TimeProvider timeProvider,
        IMeterFactory meterFactory,
        ILogger<DeadLetterPublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);

        _producer = producer;
        _instance = instance;
        _timeProvider = timeProvider;
        _logger = logger;
        _deadLetters = meterFactory.Create(AiMeshTelemetry.KafkaName).CreateCounter<long>(
            "aimesh.kafka.dead_letters", "{message}", "Messages given up on and sent to a dead-letter topic.");
    }

    /// <summary>
    /// Dead-letters <paramref name="message"/>. A failed send is retried (a dead letter must not be lost
    /// any more than the message itself) until Kafka takes it or <paramref name="cancellationToken"/> ends
    /// the wait; a fatal producer error goes up.
    /// </summary>
    public async Task PublishAsync(ConsumeResult<byte[]?, byte[]?> message, DeadLetterReason reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(reason);

        var topic = DeadLetterTopic.For(message.Topic);
        var letter = new Message<byte[]?, byte[]?>
        {
            Key = message.Message?.Key,
            Value = message.Message?.Value,
            Headers = Describe(message, reason),
        };

        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));
        while (true)
        {
            try
            {
                var delivered = await _producer.ProduceAsync(topic, letter, cancellationToken).ConfigureAwait(false);
                _deadLetters.Add(1, new KeyValuePair<string, object?>("topic", message.Topic), new KeyValuePair<string, object?>("error.type", reason.ErrorType));
                LogDeadLettered(_logger, message.TopicPartitionOffset, delivered.TopicPartitionOffset, reason.Attempts, reason.ErrorType, reason.Message);
                return;
            }
            catch (KafkaException exception) when (!exception.Error.IsFatal && !cancellationToken.IsCancellationRequested)
            {
                var delay = backoff.NextDelay();
                LogSendFailed(_logger, message.TopicPartitionOffset, topic, exception.Error.Reason, delay.TotalSeconds);
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private Headers Describe(ConsumeResult<byte[]?, byte[]?> message, DeadLetterReason reason)
    {
        var headers = new Headers();
        foreach (var header in message.Message?.Headers ?? [])
        {
            // A message that was dead-lettered before carries the old verdict; only the new one stays.
            if (!header.Key.StartsWith(DeadLetterHeaders.Prefix, StringComparison.Ordinal))
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }

        DeadLetterHeaders.Set(headers, DeadLetterHeaders.SourceTopic, message.Topic);
        DeadLetterHeaders.Set(headers, DeadLetterHeaders.SourcePartition, message.Partition.Value);
        DeadLetterHeaders.Set(headers, DeadLetterHeaders.SourceOffset, message.Offset.Value);
        if (message.Message?.Key is { } key)
        {
            headers.Add(DeadLetterHeaders.SourceKey, key);
        }

        DeadLetterHeaders.Set(headers, DeadLetterHeaders.ErrorType, reason.ErrorType);
        DeadLetterHeaders.Set(headers, DeadLetterHeaders.ErrorMessage, Truncate(reason.Message));
        DeadLetterHeaders.Set(headers, DeadLetterHeaders.Attempts, reason.Attempts);
        DeadLetterHeaders.Set(headers, DeadLetterHeaders.Instance, _instance.Name);
        DeadLetterHeaders.Set(headers, DeadLetterHeaders.Time, _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        return headers;
    }

    private static string Truncate(string text) =>
        text.Length <= MaxErrorMessageLength ? text : string.Concat(text.AsSpan(0, MaxErrorMessageLength), "…");

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Gave up on the message at {Source} after {Attempts} attempt(s) ({ErrorType}: {Reason}); it is kept as dead letter {DeadLetter}.")]
    private static partial void LogDeadLettered(ILogger logger, TopicPartitionOffset source, TopicPartitionOffset deadLetter, int attempts, string errorType, string reason);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Could not dead-letter the message at {Source} to {Topic} ({Reason}); trying again in {DelaySeconds:0.###} s.")]
    private static partial void LogSendFailed(ILogger logger, TopicPartitionOffset source, string topic, string reason, double delaySeconds);
}
