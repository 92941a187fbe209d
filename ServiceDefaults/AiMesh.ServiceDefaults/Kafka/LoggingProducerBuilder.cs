using Confluent.Kafka;

namespace AiMesh.ServiceDefaults.Kafka;

/// <summary>
/// The builder <c>AddKafkaProducer</c> hands to <c>configureBuilder</c>: its producer always logs errors
/// through <see cref="KafkaClientLogging"/>, and also calls an error handler the caller set. Confluent's
/// builders take each handler once, so without this a caller that watches errors (to notice that every
/// broker is down, say) would silence the log.
/// </summary>
internal sealed class LoggingProducerBuilder<TKey, TValue>(
    IEnumerable<KeyValuePair<string, string>> config,
    Action<IProducer<TKey, TValue>, Error> logError) : ProducerBuilder<TKey, TValue>(config)
{
    public override IProducer<TKey, TValue> Build()
    {
        var callersHandler = ErrorHandler;
        ErrorHandler = callersHandler is null
            ? logError
            : (producer, error) =>
            {
                logError(producer, error);
                callersHandler(producer, error);
            };
        return base.Build();
    }
}
