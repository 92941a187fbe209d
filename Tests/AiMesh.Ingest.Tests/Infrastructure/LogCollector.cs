using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AiMesh.Ingest.Tests.Infrastructure;

/// <summary>Keeps every log message of one app, with its category, for tests that check what was logged.</summary>
public sealed class LogCollector : ILoggerProvider
{
    public ConcurrentQueue<(string Category, string Message)> Messages { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCollector collector, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            collector.Messages.Enqueue((category, formatter(state, exception)));
    }
}
