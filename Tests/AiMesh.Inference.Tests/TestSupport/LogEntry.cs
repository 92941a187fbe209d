using Microsoft.Extensions.Logging;

namespace AiMesh.Inference.Tests.TestSupport;

/// <summary>One captured log entry, with its message formatted.</summary>
internal sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);
