namespace AiMesh.Redis.Tests;

public sealed class AuthenticationTests(RedisServerFixture fixture) : ClientScope, IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task A_wrong_password_fails_AUTH_with_a_message_that_says_so()
    {
        var client = Open(fixture.Server.CreateOptions(password: "not-the-password"));

        var ex = await Assert.ThrowsAsync<RedisServerException>(() => client.PingAsync(Ct)).DefaultTimeout();

        Assert.Equal("AUTH", ex.Command);
        Assert.Equal("WRONGPASS", ex.ErrorKind);
        Assert.Contains("rejected AUTH", ex.Message, StringComparison.Ordinal);
        Assert.Contains("password", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", ex.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task Without_a_password_the_server_refuses_commands_with_NOAUTH()
    {
        var options = new RedisConnectionOptions { Host = fixture.Server.Host, Port = fixture.Server.Port };
        var client = Open(options);

        var ex = await Assert.ThrowsAsync<RedisServerException>(() => client.GetStringAsync("k", Ct)).DefaultTimeout();

        Assert.Equal("NOAUTH", ex.ErrorKind);
    }

    [Fact]
    public async Task An_acl_user_authenticates_with_user_and_password()
    {
        var admin = Open(fixture.Server.CreateOptions());
        var user = $"user-{Guid.NewGuid():N}";
        await admin.ExecuteAsync("ACL", ["SETUSER", user, "on", ">user-password", "~*", "+@all"], Ct).DefaultTimeout();
        var client = Open(new RedisConnectionOptions
        {
            Host = fixture.Server.Host,
            Port = fixture.Server.Port,
            User = user,
            Password = "user-password",
        });

        var whoAmI = await client.ExecuteAsync("ACL", ["WHOAMI"], Ct).DefaultTimeout();

        Assert.Equal(user, whoAmI.AsString());
    }

    [Fact]
    public async Task The_connection_string_from_aspire_connects()
    {
        var client = Open(RedisConnectionOptions.Parse(fixture.Server.ConnectionString));

        await client.PingAsync(Ct).DefaultTimeout();

        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task The_uri_form_connects()
    {
        var client = Open(RedisConnectionOptions.Parse($"redis://:{fixture.Server.Password}@{fixture.Server.Host}:{fixture.Server.Port}"));

        await client.PingAsync(Ct).DefaultTimeout();

        Assert.True(client.IsConnected);
    }
}
