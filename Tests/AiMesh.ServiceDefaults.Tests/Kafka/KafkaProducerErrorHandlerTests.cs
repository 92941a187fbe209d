using System.Collections.Concurrent;
using AiMesh.ServiceDefaults.Kafka;
using AiMesh.ServiceDefaults.Tests.Infrastructure;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AiMesh.ServiceDefaults.Tests.Kafka;

/// <summary>
/// A producer's errors reach both AiMesh's log and an error handler the caller set; with a closed port
/// librdkafka reports at once that its one broker is down.
/// </summary>
public sealed class KafkaProducerErrorHandlerTests
{
    [Fact]
    public async Task ACallersErrorHandlerSeesTheErrorsAndTheyAreStillLogged()
    {
        var seen = new ConcurrentQueue<ErrorCode>();
        var (host, logs) = CreateHostWithProducer((_, builder) => builder.SetErrorHandler((_, error) => seen.Enqueue(error.Code)));
        using (host)
        {
            await AsyncTestHelpers.WaitUntilAsync(
                () => seen.Contains(ErrorCode.Local_AllBrokersDown) && logs.Lines.Any(line => IsAllBrokersDownLog(line)),
                TimeSpan.FromSeconds(15));
        }
    }

    [Fact]
    public async Task WithoutACallersHandlerTheErrorsAreLogged()
    {
        var (host, logs) = CreateHostWithProducer(configureBuilder: null);
        using (host)
        {
            await AsyncTestHelpers.WaitUntilAsync(
                () => logs.Lines.Any(line => IsAllBrokersDownLog(line)),
                TimeSpan.FromSeconds(15));
        }
    }

    private static bool IsAllBrokersDownLog(string line) =>
        line.StartsWith(KafkaClientLogging.Category, StringComparison.Ordinal) && line.Contains("error Local_AllBrokersDown", StringComparison.Ordinal);

    private static (IHost Host, RecordingLoggerProvider Logs) CreateHostWithProducer(
        Action<IServiceProvider, ProducerBuilder<string, string>>? configureBuilder)
    {
        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?> { ["ConnectionStrings:kafka"] = $"127.0.0.1:{Ports.Closed()}" });
        var logs = new RecordingLoggerProvider();
        builder.Logging.AddProvider(logs);
        builder.AddKafkaProducer("kafka", settings => settings.DisableMetrics = true, configureBuilder);

        // Asking for the producer creates it, and it connects at once; disposing the host disposes it.
        var host = builder.Build();
        _ = host.Services.GetRequiredService<IProducer<string, string>>();
        return (host, logs);
    }

    private sealed class RecordingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new RecordingLogger(categoryName, Lines);

        public void Dispose()
        {
        }

        private sealed class RecordingLogger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category} {logLevel} {formatter(state, exception)}");
        }
    }
}
