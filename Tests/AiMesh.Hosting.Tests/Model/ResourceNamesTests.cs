using AiMesh.Hosting.ApplicationModel;

namespace AiMesh.Hosting.Tests.Model;

public sealed class ResourceNamesTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("redis")]
    [InlineData("api-service")]
    [InlineData("Api2")]
    [InlineData("a-b-c-1-2-3")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public void Valid_names_are_accepted(string name)
    {
        ResourceNames.ThrowIfInvalid(name);
    }

    [Theory]
    [InlineData("1redis")]
    [InlineData("-redis")]
    [InlineData("redis-")]
    [InlineData("re--dis")]
    [InlineData("re_dis")]
    [InlineData("re.dis")]
    [InlineData("re dis")]
    [InlineData("rédis")]
    [InlineData("a2345678901234567890123456789012345678901234567890123456789012345")]
    public void Invalid_names_are_refused_with_the_rule(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => ResourceNames.ThrowIfInvalid(name));

        Assert.StartsWith($"'{name}' is not a valid resource name", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Blank_names_are_refused(string name)
    {
        Assert.Throws<ArgumentException>(() => ResourceNames.ThrowIfInvalid(name));
    }

    [Theory]
    [InlineData("redis", "REDIS")]
    [InlineData("api-service", "API_SERVICE")]
    [InlineData("Pg2", "PG2")]
    [InlineData("session.cache", "SESSION_CACHE")]
    public void The_environment_prefix_is_upper_case_with_non_alphanumerics_as_underscores(string name, string expected)
    {
        Assert.Equal(expected, ResourceNames.ToEnvironmentPrefix(name));
    }
}
