namespace AiMesh.Redis.Tests;

public sealed class RedisConnectionOptionsToStringTests
{
    [Fact]
    public void The_password_is_masked()
    {
        var text = RedisConnectionOptions.Parse("localhost:6380,password=s3cret").ToString();

        Assert.Equal("localhost:6380,password=*****", text);
    }

    [Fact]
    public void A_password_from_a_uri_is_masked_too()
    {
        var text = RedisConnectionOptions.Parse("rediss://alice:s3cret@cache:7000/2").ToString();

        Assert.Equal("cache:7000,user=alice,password=*****,ssl=true,defaultDatabase=2", text);
        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_password_there_is_nothing_to_mask()
    {
        Assert.Equal("localhost:6379", new RedisConnectionOptions { Host = "localhost" }.ToString());
    }

    [Fact]
    public void Non_default_timeouts_are_shown_in_milliseconds()
    {
        var options = new RedisConnectionOptions
        {
            Host = "h",
            ConnectTimeout = TimeSpan.FromMilliseconds(1500),
            CommandTimeout = TimeSpan.FromSeconds(2),
        };

        Assert.Equal("h:6379,connectTimeout=1500,syncTimeout=2000", options.ToString());
    }

    [Fact]
    public void An_IPv6_host_is_bracketed()
    {
        Assert.Equal("[::1]:7000", new RedisConnectionOptions { Host = "::1", Port = 7000 }.ToString());
    }

    [Fact]
    public void Parsing_the_text_again_gives_the_same_options_except_the_password()
    {
        var original = RedisConnectionOptions.Parse("h:1,user=u,password=pw,ssl=true,connectTimeout=700,syncTimeout=800,defaultDatabase=4");

        var again = RedisConnectionOptions.Parse(original.ToString());

        Assert.Equal(
            (original.Host, original.Port, original.User, original.Ssl, original.ConnectTimeout, original.CommandTimeout, original.Database),
            (again.Host, again.Port, again.User, again.Ssl, again.ConnectTimeout, again.CommandTimeout, again.Database));
        Assert.Equal("*****", again.Password);
    }
}
