namespace AiMesh.Ingest.Backpressure;

/// <summary>
/// Awaits an admin client's answer without going on inside the admin client's callback. Confluent.Kafka
/// completes an admin call's task from a callback that destroys the native answer only after the task's
/// continuations return, and those run right there: code awaiting the task went on in there, and once did
/// so all the way to the host's disposal of the reader and of the client whose answer was still held
/// (seen in a core dump of a crashed test run).
/// </summary>
internal static class AdminAnswer
{
    /// <summary><paramref name="request"/>'s outcome (result, exception or cancellation), whose continuations run on the thread pool.</summary>
    public static Task<T> HandedOn<T>(Task<T> request)
    {
        ArgumentNullException.ThrowIfNull(request);

        var outcome = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = request.ContinueWith(
            static (done, state) => ((TaskCompletionSource<T>)state!).TrySetFromTask(done),
            outcome,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return outcome.Task;
    }
}
