using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AiMesh.Results.Tests.Infrastructure;

/// <summary>
/// Writes the app's log to the output of the test that started it, so a failure shows what the service
/// did, and keeps each line for tests that check what was logged.
/// </summary>
internal sealed class TestOutputLoggerProvider(ITestOutputHelper? output) : ILoggerProvider
{
    private readonly ITestOutputHelper? _output = output;

    /// <summary>Every line logged at Information or above, as "{category}: {message}".</summary>
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new TestOutputLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class TestOutputLogger(TestOutputLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"{category}: {formatter(state, exception)}";
            provider.Lines.Enqueue(line);
            try
            {
                provider._output?.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel,-11} {line}{(exception is null ? "" : Environment.NewLine + exception)}");
            }
            catch (InvalidOperationException)
            {
                // The test has finished; background work that outlives it has no output to write to.
            }
        }
    }
}
