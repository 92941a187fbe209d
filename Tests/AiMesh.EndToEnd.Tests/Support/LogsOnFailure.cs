namespace AiMesh.EndToEnd.Tests.Support;

/// <summary>
/// Puts what every replica of the applications a test used last wrote into that test's output when it
/// fails, where the test runner prints it beside the failure: a whole-app test's timeout alone rarely
/// says which service stopped and why, and a failure seen once in CI cannot be asked again. The test
/// class disposes it; xUnit has the test's result by then.
/// </summary>
/// <param name="wholeApps">Applications the test class already has, such as a fixture's.</param>
internal sealed class LogsOnFailure(params IEnumerable<WholeApp> wholeApps) : IDisposable
{
    private readonly List<WholeApp> _apps = [.. wholeApps];

    /// <summary>Remembers <paramref name="wholeApp"/>, started by the test itself, and returns it.</summary>
    public WholeApp Watch(WholeApp wholeApp)
    {
        _apps.Add(wholeApp);
        return wholeApp;
    }

    public void Dispose()
    {
        var context = TestContext.Current;
        if (context.TestState?.Result != TestResult.Failed || context.TestOutputHelper is not { } output)
        {
            return;
        }

        foreach (var wholeApp in _apps)
        {
            output.WriteLine(wholeApp.Logs.Format());
        }
    }
}
