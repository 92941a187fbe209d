using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AiMesh.Inference.Tests.TestSupport;

/// <summary>Keeps every log entry in memory so a test can look for the one it expects.</summary>
internal sealed class ListLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, Entries);

    public IReadOnlyList<LogEntry> For<TCategory>(LogLevel level) =>
        [.. Entries.Where(entry => entry.Category == typeof(TCategory).FullName && entry.Level == level)];

    public void Dispose()
    {
    }

    private sealed class ListLogger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception));
    }
}
