using System.Runtime.CompilerServices;

namespace AiMesh.Hosting.Tests;

/// <summary>Every await in these tests is bounded, and a timeout names the line that waited.</summary>
internal static class AsyncTestHelpers
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<T> DefaultTimeout<T>(this Task<T> task, TimeSpan? timeout = null, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        try
        {
            return await task.WaitAsync(timeout ?? Timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Timed out at {Path.GetFileName(file)}:{line}.", e);
        }
    }

    public static async Task DefaultTimeout(this Task task, TimeSpan? timeout = null, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        try
        {
            await task.WaitAsync(timeout ?? Timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Timed out at {Path.GetFileName(file)}:{line}.", e);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds.</summary>
    public static async Task Eventually(Func<bool> condition, TimeSpan? timeout = null, [CallerArgumentExpression(nameof(condition))] string what = "")
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Still not true: {what}");
            }

            await Task.Delay(100);
        }
    }
}
