using System.Runtime.CompilerServices;

namespace AiMesh.Tests;

/// <summary>
/// Caps every await in the tests so a hang fails one test with the file and line that hung,
/// instead of stalling the whole run. One copy, linked into every test project.
/// </summary>
internal static class AsyncTestHelpers
{
    // Generous: whole-app tests start real servers on a noisy two-core machine.
    public static readonly TimeSpan DefaultTimeoutDuration = TimeSpan.FromSeconds(60);

    public static async Task DefaultTimeout(
        this Task task,
        TimeSpan? timeout = null,
        [CallerFilePath] string filePath = "",
        [CallerLineNumber] int lineNumber = 0)
    {
        try
        {
            await task.WaitAsync(timeout ?? DefaultTimeoutDuration);
        }
        catch (TimeoutException ex) when (!task.IsCompleted)
        {
            throw Timeout(timeout, filePath, lineNumber, ex);
        }
    }

    public static async Task<T> DefaultTimeout<T>(
        this Task<T> task,
        TimeSpan? timeout = null,
        [CallerFilePath] string filePath = "",
        [CallerLineNumber] int lineNumber = 0)
    {
        try
        {
            return await task.WaitAsync(timeout ?? DefaultTimeoutDuration);
        }
        catch (TimeoutException ex) when (!task.IsCompleted)
        {
            throw Timeout(timeout, filePath, lineNumber, ex);
        }
    }

    public static Task DefaultTimeout(
        this ValueTask task,
        TimeSpan? timeout = null,
        [CallerFilePath] string filePath = "",
        [CallerLineNumber] int lineNumber = 0) =>
        task.AsTask().DefaultTimeout(timeout, filePath, lineNumber);

    public static Task<T> DefaultTimeout<T>(
        this ValueTask<T> task,
        TimeSpan? timeout = null,
        [CallerFilePath] string filePath = "",
        [CallerLineNumber] int lineNumber = 0) =>
        task.AsTask().DefaultTimeout(timeout, filePath, lineNumber);

    /// <summary>Polls until <paramref name="condition"/> holds, failing with the caller's location when it never does.</summary>
    public static async Task WaitUntilAsync(
        Func<bool> condition,
        TimeSpan? timeout = null,
        [CallerFilePath] string filePath = "",
        [CallerLineNumber] int lineNumber = 0)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeoutDuration);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The condition did not hold within {(timeout ?? DefaultTimeoutDuration).TotalSeconds:0.#} s at {Path.GetFileName(filePath)}:{lineNumber}.");
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Like <see cref="WaitUntilAsync(Func{bool}, TimeSpan?, string, int)"/>, for a condition that has to ask a server.</summary>
    public static async Task WaitUntilAsync(
        Func<Task<bool>> condition,
        TimeSpan? timeout = null,
        [CallerFilePath] string filePath = "",
        [CallerLineNumber] int lineNumber = 0)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeoutDuration);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The condition did not hold within {(timeout ?? DefaultTimeoutDuration).TotalSeconds:0.#} s at {Path.GetFileName(filePath)}:{lineNumber}.");
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    private static TimeoutException Timeout(TimeSpan? timeout, string filePath, int lineNumber, Exception inner) =>
        new($"Timed out after {(timeout ?? DefaultTimeoutDuration).TotalSeconds:0.#} s at {Path.GetFileName(filePath)}:{lineNumber}.", inner);
}
