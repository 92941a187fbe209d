using System.Runtime.InteropServices;

namespace AiMesh.DevBroker.Native;

/// <summary>
/// Sends librdkafka's log lines (syslog levels, a facility and a message) to an <see cref="ILogger"/>.
/// </summary>
/// <remarks>
/// librdkafka calls the log callback on its own threads, so the callback is a static
/// <see cref="UnmanagedCallersOnlyAttribute"/> function that finds its forwarder through the
/// client's opaque pointer: nothing for the GC to move or collect under a native thread.
/// </remarks>
internal sealed partial class LibRdKafkaLogForwarder(ILogger logger)
{
    private const string ConfigurationWarningFacility = "CONFWARN";

    /// <summary>The function pointer to hand to <c>rd_kafka_conf_set_log_cb</c>.</summary>
    public static unsafe delegate* unmanaged<nint, int, byte*, byte*, void> Callback => &OnLog;

    /// <summary>Maps a syslog level (0 emergency .. 7 debug) to a .NET log level.</summary>
    public static LogLevel ToLogLevel(int syslogLevel) => syslogLevel switch
    {
        <= 2 => LogLevel.Critical,
        3 => LogLevel.Error,
        4 => LogLevel.Warning,
        5 or 6 => LogLevel.Information,
        _ => LogLevel.Debug,
    };

    /// <summary>
    /// The mock cluster's host client never has bootstrap servers, by design, and says so once
    /// at startup; that warning would only mislead whoever reads the broker's log.
    /// </summary>
    public static bool IsSuppressed(string facility, string message) =>
        facility == ConfigurationWarningFacility && message.Contains("bootstrap.servers", StringComparison.Ordinal);

    public void Forward(int syslogLevel, string facility, string message)
    {
        if (IsSuppressed(facility, message))
        {
            return;
        }

        Log(logger, ToLogLevel(syslogLevel), facility, message);
    }

    [LoggerMessage(EventId = 100, Message = "librdkafka {Facility}: {NativeMessage}")]
    private static partial void Log(ILogger logger, LogLevel level, string facility, string nativeMessage);

    [UnmanagedCallersOnly]
    private static unsafe void OnLog(nint rk, int level, byte* facility, byte* message)
    {
        try
        {
            var opaque = rk == 0 ? 0 : LibRdKafka.Opaque(rk);
            if (opaque != 0 && GCHandle.FromIntPtr(opaque).Target is LibRdKafkaLogForwarder forwarder)
            {
                forwarder.Forward(level, LibRdKafka.ReadString(facility), LibRdKafka.ReadString(message));
            }
        }
        catch (Exception)
        {
            // An exception cannot unwind through librdkafka's threads (the runtime would abort),
            // and losing one log line is the lesser harm.
        }
    }
}
