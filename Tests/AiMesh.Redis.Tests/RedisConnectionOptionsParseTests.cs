namespace AiMesh.Redis.Tests;

public sealed class RedisConnectionOptionsParseTests
{
    [Fact]
    public void Aspire_9_0_host_and_port_sets_only_the_endpoint()
    {
        var options = RedisConnectionOptions.Parse("localhost:51234");

        Assert.Equal("localhost", options.Host);
        Assert.Equal(51234, options.Port);
        Assert.Null(options.User);
        Assert.Null(options.Password);
        Assert.False(options.Ssl);
        Assert.Equal(0, options.Database);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), options.CommandTimeout);
    }

    [Fact]
    public void A_host_without_a_port_uses_6379()
    {
        Assert.Equal(6379, RedisConnectionOptions.Parse("cache").Port);
    }

    [Fact]
    public void Aspire_9_2_password_is_read()
    {
        var options = RedisConnectionOptions.Parse("localhost:6380,password=s3cret");

        Assert.Equal("localhost", options.Host);
        Assert.Equal(6380, options.Port);
        Assert.Equal("s3cret", options.Password);
    }

    [Fact]
    public void Aspire_13_1_ssl_flag_turns_tls_on()
    {
        var options = RedisConnectionOptions.Parse("localhost:6380,password=pw,ssl=true");

        Assert.True(options.Ssl);
        Assert.Equal("pw", options.Password);
    }

    [Fact]
    public void A_password_may_contain_equals_signs()
    {
        Assert.Equal("a=b==", RedisConnectionOptions.Parse("h:1,password=a=b==").Password);
    }

    [Fact]
    public void StackExchange_options_are_read_case_insensitively_with_spaces_around_parts()
    {
        var options = RedisConnectionOptions.Parse(
            " h:1 , User=alice, PASSWORD=pw ,SSL=True,connectTimeout=1500,syncTimeout=2500,defaultDatabase=3,abortConnect=false,");

        Assert.Equal("h", options.Host);
        Assert.Equal("alice", options.User);
        Assert.Equal("pw", options.Password);
        Assert.True(options.Ssl);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), options.CommandTimeout);
        Assert.Equal(3, options.Database);
    }

    [Fact]
    public void Options_may_come_before_the_endpoint()
    {
        var options = RedisConnectionOptions.Parse("password=pw,abortConnect=false,h:7000");

        Assert.Equal("h", options.Host);
        Assert.Equal(7000, options.Port);
        Assert.Equal("pw", options.Password);
    }

    [Fact]
    public void Async_timeout_wins_over_sync_timeout_whichever_comes_first()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(900), RedisConnectionOptions.Parse("h:1,asyncTimeout=900,syncTimeout=100").CommandTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(900), RedisConnectionOptions.Parse("h:1,syncTimeout=100,asyncTimeout=900").CommandTimeout);
    }

    [Theory]
    [InlineData("[::1]:6380", "::1", 6380)]
    [InlineData("[::1]", "::1", 6379)]
    [InlineData("::1", "::1", 6379)]
    [InlineData("fe80::1:2", "fe80::1:2", 6379)]
    [InlineData("10.0.0.5:6000", "10.0.0.5", 6000)]
    public void IPv6_addresses_are_read_with_or_without_brackets(string text, string host, int port)
    {
        var options = RedisConnectionOptions.Parse(text);

        Assert.Equal(host, options.Host);
        Assert.Equal(port, options.Port);
    }

    [Fact]
    public void Aspire_13_uri_with_empty_user_and_password_is_read()
    {
        var options = RedisConnectionOptions.Parse("redis://:pw@localhost:6380");

        Assert.Equal("localhost", options.Host);
        Assert.Equal(6380, options.Port);
        Assert.Null(options.User);
        Assert.Equal("pw", options.Password);
        Assert.False(options.Ssl);
    }

    [Fact]
    public void A_uri_with_user_password_and_database_is_read()
    {
        var options = RedisConnectionOptions.Parse("redis://alice:pw@cache.internal:7000/2");

        Assert.Equal("cache.internal", options.Host);
        Assert.Equal(7000, options.Port);
        Assert.Equal("alice", options.User);
        Assert.Equal("pw", options.Password);
        Assert.Equal(2, options.Database);
    }

    [Fact]
    public void A_uri_with_only_a_password_in_the_user_info_reads_it_as_the_password()
    {
        var options = RedisConnectionOptions.Parse("redis://pw@localhost");

        Assert.Null(options.User);
        Assert.Equal("pw", options.Password);
        Assert.Equal(6379, options.Port);
    }

    [Fact]
    public void Rediss_turns_tls_on()
    {
        var options = RedisConnectionOptions.Parse("rediss://:pw@localhost:6380");

        Assert.True(options.Ssl);
        Assert.Equal(6380, options.Port);
    }

    [Fact]
    public void Percent_encoded_credentials_are_decoded()
    {
        var options = RedisConnectionOptions.Parse("redis://us%3Aer:p%40ss%2Cword@localhost:1");

        Assert.Equal("us:er", options.User);
        Assert.Equal("p@ss,word", options.Password);
    }

    [Fact]
    public void A_uri_with_an_IPv6_host_drops_the_brackets()
    {
        var options = RedisConnectionOptions.Parse("redis://[::1]:7001");

        Assert.Equal("::1", options.Host);
        Assert.Equal(7001, options.Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(",,")]
    [InlineData("password=pw")]
    [InlineData("host:notaport")]
    [InlineData("host:0")]
    [InlineData("host:70000")]
    [InlineData("host:")]
    [InlineData(":6379")]
    [InlineData("a:1,b:2")]
    [InlineData("h:1,ssl=maybe")]
    [InlineData("h:1,connectTimeout=-5")]
    [InlineData("h:1,connectTimeout=0")]
    [InlineData("h:1,syncTimeout=soon")]
    [InlineData("h:1,defaultDatabase=-1")]
    [InlineData("h:1,unknownOption=1")]
    [InlineData("[::1:6379")]
    [InlineData("[::1]x")]
    [InlineData("http://localhost:6379")]
    [InlineData("redis://")]
    [InlineData("redis://localhost:6379/abc")]
    [InlineData("redis://localhost:6379?ssl=true")]
    [InlineData("redis://localhost:99999")]
    public void Malformed_connection_strings_throw_FormatException(string text)
    {
        Assert.Throws<FormatException>(() => RedisConnectionOptions.Parse(text));
    }

    [Fact]
    public void A_null_connection_string_throws_ArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => RedisConnectionOptions.Parse(null!));
    }

    [Fact]
    public void The_error_message_names_the_bad_option_but_never_the_password()
    {
        var ex = Assert.Throws<FormatException>(() => RedisConnectionOptions.Parse("h:1,password=hunter2,bogus=1"));

        Assert.Contains("bogus", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_error_message_for_a_bad_uri_never_contains_the_password()
    {
        var ex = Assert.Throws<FormatException>(() => RedisConnectionOptions.Parse("redis://:hunter2@localhost:1?x=1"));

        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
    }
}
