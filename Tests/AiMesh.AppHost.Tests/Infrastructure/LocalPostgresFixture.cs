
namespace AiMesh.AppHost.Tests.Infrastructure;

/// <summary>One local PostgreSQL with the database <c>aimesh</c>, healthy, shared by the tests that only read it.</summary>
public sealed class LocalPostgresFixture : IAsyncLifetime
{
    private LocalInfrastructureApp? _app;

    internal LocalInfrastructureApp App => _app ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        _app = await LocalInfrastructureApp.StartAsync(builder => builder.AddPostgresDatabase(serverName: "postgres", databaseName: "aimesh"));
        await _app.WaitHealthyAsync("postgres");
        await _app.WaitHealthyAsync("aimesh");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
