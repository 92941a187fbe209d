using System.Collections.Concurrent;

namespace AiMesh.Hosting.Orchestration;

/// <summary>
/// Keeps every resource's full output in a file per replica under the state directory, the latest
/// lines in memory for the status API, and hands each line to whoever streams it (the console).
/// </summary>
public sealed class ResourceLoggerService(string logDirectory) : IDisposable
{
    private const int RecentLineCount = 500;

    private readonly ConcurrentDictionary<string, SourceLog> _sources = new(StringComparer.Ordinal);

    public string LogDirectory { get; } = logDirectory;

    public event Action<LogLine>? LineWritten;

    public void Write(string resource, string source, string text, bool isError = false)
    {
        var line = new LogLine(DateTimeOffset.Now, resource, source, text, isError);
        _sources.GetOrAdd(source, s => new SourceLog(Path.Combine(LogDirectory, $"{s}.log"))).Append(line);
        LineWritten?.Invoke(line);
    }

    public IReadOnlyList<LogLine> GetRecent(string resource, int tail = 100) =>
        _sources.Values.SelectMany(s => s.Recent()).Where(l => l.Resource.Equals(resource, StringComparison.OrdinalIgnoreCase))
            .OrderBy(l => l.Timestamp).TakeLast(tail).ToArray();

    public string GetLogPath(string source) => Path.Combine(LogDirectory, $"{source}.log");

    public void Dispose()
    {
        foreach (var source in _sources.Values)
        {
            source.Dispose();
        }
    }

    private sealed class SourceLog(string path) : IDisposable
    {
        private readonly Queue<LogLine> _recent = new();
        private StreamWriter? _writer;

        public void Append(LogLine line)
        {
            lock (_recent)
            {
                _recent.Enqueue(line);
                if (_recent.Count > RecentLineCount)
                {
                    _recent.Dequeue();
                }

                _writer ??= new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
                _writer.WriteLine($"{line.Timestamp:O} {(line.IsError ? "ERR" : "OUT")} {line.Text}");
            }
        }

        public LogLine[] Recent()
        {
            lock (_recent)
            {
                return [.. _recent];
            }
        }

        public void Dispose()
        {
            lock (_recent)
            {
                _writer?.Dispose();
                _writer = null;
            }
        }
    }
}
