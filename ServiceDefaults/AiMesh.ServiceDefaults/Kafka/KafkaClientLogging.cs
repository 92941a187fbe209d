using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace AiMesh.ServiceDefaults.Kafka;

/// <summary>
/// Routes librdkafka's log lines and errors to <see cref="ILogger"/> (category <c>AiMesh.Kafka</c>), so
/// they carry the service's log level filters and reach the dashboard instead of stderr.
/// </summary>
internal static partial class KafkaClientLogging
{
    public const string Category = "AiMesh.Kafka";

    public static void Log(ILogger logger, LogMessage message)
    {
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
            SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        LogClientMessage(logger, level, message.Name, message.Facility, message.Message);
    }

    public static void Error(ILogger logger, string clientName, Error error) =>
        LogClientError(logger, error.IsFatal ? LogLevel.Critical : LogLevel.Warning, clientName, error.Code, error.Reason);

    [LoggerMessage(EventId = 1, Message = "{Client} {Facility}: {Text}")]
    private static partial void LogClientMessage(ILogger logger, LogLevel level, string client, string facility, string text);

    [LoggerMessage(EventId = 2, Message = "{Client} error {Code}: {Reason}")]
    private static partial void LogClientError(ILogger logger, LogLevel level, string client, ErrorCode code, string reason);
}
