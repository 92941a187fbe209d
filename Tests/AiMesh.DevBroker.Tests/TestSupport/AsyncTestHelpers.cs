using System.Runtime.CompilerServices;

namespace AiMesh.DevBroker.Tests.TestSupport;

/// <summary>Every await in these tests is bounded, and a timeout names the line that hung.</summary>
internal static class AsyncTestHelpers
{
    private static readonly TimeSpan s_defaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task<T> DefaultTimeout<T>(
        this Task<T> task,
        TimeSpan? timeout = null,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
    {
        try
        {
            return await task.WaitAsync(timeout ?? s_defaultTimeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"Timed out after {timeout ?? s_defaultTimeout} at {Path.GetFileName(file)}:{line}", ex);
        }
    }

    public static async Task DefaultTimeout(
        this Task task,
        TimeSpan? timeout = null,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
    {
        try
        {
            await task.WaitAsync(timeout ?? s_defaultTimeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"Timed out after {timeout ?? s_defaultTimeout} at {Path.GetFileName(file)}:{line}", ex);
        }
    }
}
