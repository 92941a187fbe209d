namespace AiMesh.EndToEnd.Tests.Support;

/// <summary>One <see cref="WholeApp"/> for every test of a class, for tests that do not disturb each other.</summary>
public sealed class WholeAppFixture : IAsyncLifetime
{
    private WholeApp? _wholeApp;

    internal WholeApp WholeApp => _wholeApp ?? throw new InvalidOperationException("The application has not started.");

    public async ValueTask InitializeAsync() => _wholeApp = await WholeApp.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_wholeApp is not null)
        {
            await _wholeApp.DisposeAsync();
        }
    }
}
