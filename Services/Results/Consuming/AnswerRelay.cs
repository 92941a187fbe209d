using System.Diagnostics;
using AiMesh.Contracts;
using AiMesh.Results.Broadcasting;
using AiMesh.Results.Telemetry;
using AiMesh.ServiceDefaults.Kafka;
using Confluent.Kafka;

namespace AiMesh.Results.Consuming;

/// <summary>
/// Relays <see cref="Topics.Answers"/> to the clients of <c>/ws/answers</c>, each piece as it arrives.
/// A piece matters only while its answer is being written (the whole answer comes on result-topic and
/// is stored from there), so nothing is stored, no offset is committed, and the relay starts at the
/// newest piece each time it starts. Nothing a message holds stops the relay: a piece that cannot be
/// read is logged and skipped, and the next one goes out. Its consumer has its own group
/// (<see cref="ResultsOptions.AnswerGroupId"/>) and ignores keys, since each piece carries its id.
/// </summary>
internal sealed partial class AnswerRelay(
    IConsumer<Ignore, byte[]?> consumer,
    WebSocketBroadcaster<AnswerChunk> broadcaster,
    ResultsMetrics metrics,
    ILogger<AnswerRelay> logger) : BackgroundService
{
    // Short enough that a stop request is noticed promptly while the topic is idle.
    private static readonly TimeSpan s_pollTimeout = TimeSpan.FromSeconds(1);

    // Poll blocks its thread, mostly for the whole timeout since pieces are rare.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        ConsumeLoopSteps.RunOnOwnThread(() => Run(stoppingToken));

    private void Run(CancellationToken stoppingToken)
    {
        consumer.Subscribe(Topics.Answers);
        LogSubscribed(logger, Topics.Answers);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (ConsumeLoopSteps.Poll(consumer, s_pollTimeout, logger) is { Message: not null } message)
                {
                    Relay(message);
                }
            }
        }
        finally
        {
            ConsumeLoopSteps.Close(consumer, logger);
        }
    }

    private void Relay(ConsumeResult<Ignore, byte[]?> message)
    {
        // The push becomes part of the text's trace, as the result's push is.
        using var activity = message.StartProcessActivity();
        try
        {
            broadcaster.Publish(AnswerTopicMessage.Read(message));
        }
        catch (Exception exception)
        {
            // Whatever one piece meets, the relay goes on: the client misses a piece of text it gets
            // whole on /ws/results, while a stopped relay would leave every answer after it unshown.
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            metrics.AnswerChunkSkipped();
            LogSkipped(
                logger,
                message.Topic,
                message.Partition.Value,
                message.Offset.Value,
                exception.Message,
                exception is InvalidAnswerChunkException ? null : exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Relaying {Topic} to /ws/answers")]
    private static partial void LogSubscribed(ILogger logger, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped {Topic} [{Partition}] @{Offset}: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string topic, int partition, long offset, string reason, Exception? exception);
}
