using AiMesh.Ingest.Backpressure;

namespace AiMesh.Ingest.Tests.Backpressure;

/// <summary>
/// An admin client's task completes inside its callback; what awaits the answer must go on elsewhere. The
/// answers here are completed from a thread of the test's own, as the admin client's callback would.
/// </summary>
public sealed class AdminAnswerTests
{
    [Fact]
    public async Task WhatAwaitsTheAnswerDoesNotRunOnTheThreadThatCompletedIt()
    {
        var answer = new TaskCompletionSource<int>();
        var continuedOn = AdminAnswer.HandedOn(answer.Task).ContinueWith(
            _ => Environment.CurrentManagedThreadId,
            TestContext.Current.CancellationToken,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        var completedOn = CompleteOnAThreadOfItsOwn(() => answer.SetResult(42));

        Assert.NotEqual(completedOn, await continuedOn.DefaultTimeout());
    }

    [Fact]
    public async Task TheAnswerIsHandedOnAsItIs()
    {
        var answer = new TaskCompletionSource<int>();
        var handedOn = AdminAnswer.HandedOn(answer.Task);

        CompleteOnAThreadOfItsOwn(() => answer.SetResult(42));

        Assert.Equal(42, await handedOn.DefaultTimeout());
    }

    [Fact]
    public async Task AFailureIsHandedOnAsItIs()
    {
        var answer = new TaskCompletionSource<int>();
        var handedOn = AdminAnswer.HandedOn(answer.Task);

        CompleteOnAThreadOfItsOwn(() => answer.SetException(new InvalidOperationException("no leader")));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => handedOn.DefaultTimeout());
        Assert.Equal("no leader", failure.Message);
    }

    private static int CompleteOnAThreadOfItsOwn(Action complete)
    {
        var thread = new Thread(() => complete());
        thread.Start();
        thread.Join();
        return thread.ManagedThreadId;
    }
}
