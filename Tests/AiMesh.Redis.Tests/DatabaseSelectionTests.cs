namespace AiMesh.Redis.Tests;

public sealed class DatabaseSelectionTests(RedisServerFixture fixture) : ClientScope, IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task A_default_database_keeps_keys_apart_from_database_zero()
    {
        var inDatabase3 = Open(RedisConnectionOptions.Parse($"{fixture.Server.ConnectionString},defaultDatabase=3"));
        var inDatabase0 = Open(fixture.Server.CreateOptions());
        var key = UniqueKey("db");

        await inDatabase3.SetAsync(key, "three", cancellationToken: Ct).DefaultTimeout();

        Assert.Equal("three", await inDatabase3.GetStringAsync(key, Ct).DefaultTimeout());
        Assert.Null(await inDatabase0.GetStringAsync(key, Ct).DefaultTimeout());
    }

    [Fact]
    public async Task A_database_the_server_does_not_have_fails_SELECT_clearly()
    {
        var client = Open(RedisConnectionOptions.Parse($"{fixture.Server.ConnectionString},defaultDatabase=999"));

        var ex = await Assert.ThrowsAsync<RedisServerException>(() => client.PingAsync(Ct)).DefaultTimeout();

        Assert.Equal("SELECT", ex.Command);
        Assert.Contains("999", ex.Message, StringComparison.Ordinal);
    }
}
