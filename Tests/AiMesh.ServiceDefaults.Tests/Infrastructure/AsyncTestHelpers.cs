using System.Runtime.CompilerServices;

namespace AiMesh.ServiceDefaults.Tests.Infrastructure;

/// <summary>Every await in these tests is capped, and a timeout names the line that waited.</summary>
internal static class AsyncTestHelpers
{
    public static readonly TimeSpan DefaultTimeoutDuration = TimeSpan.FromSeconds(30);

    public static async Task DefaultTimeout(this Task task, TimeSpan? timeout = null, [CallerFilePath] string filePath = "", [CallerLineNumber] int lineNumber = 0)
    {
        try
        {
            await task.WaitAsync(timeout ?? DefaultTimeoutDuration);
        }
        catch (TimeoutException exception) when (!task.IsCompleted)
        {
            throw new TimeoutException($"Timed out after {timeout ?? DefaultTimeoutDuration} at {Path.GetFileName(filePath)}:{lineNumber}.", exception);
        }
    }

    public static async Task<T> DefaultTimeout<T>(this Task<T> task, TimeSpan? timeout = null, [CallerFilePath] string filePath = "", [CallerLineNumber] int lineNumber = 0)
    {
        try
        {
            return await task.WaitAsync(timeout ?? DefaultTimeoutDuration);
        }
        catch (TimeoutException exception) when (!task.IsCompleted)
        {
            throw new TimeoutException($"Timed out after {timeout ?? DefaultTimeoutDuration} at {Path.GetFileName(filePath)}:{lineNumber}.", exception);
        }
    }

    public static Task DefaultTimeout(this ValueTask task, TimeSpan? timeout = null, [CallerFilePath] string filePath = "", [CallerLineNumber] int lineNumber = 0) =>
        task.AsTask().DefaultTimeout(timeout, filePath, lineNumber);
}
