using AiMesh.Hosting.ApplicationModel;
using AiMesh.Hosting.Status;

namespace AiMesh.Hosting.Tests.Model;

public sealed class SecretMaskerTests
{
    [Fact]
    public void Secret_values_are_masked_wherever_they_appear()
    {
        var masker = new SecretMasker(() => ["s3cr3t", "longer-s3cr3t"]);

        Assert.Equal("token *****, again ***** and *****", masker.Apply("token s3cr3t, again s3cr3t and longer-s3cr3t"));
    }

    [Theory]
    [InlineData("127.0.0.1:6379,password=abc", "127.0.0.1:6379,password=*****")]
    [InlineData("Host=h;Port=5432;Username=u;Password=abc;Database=db", "Host=h;Port=5432;Username=u;Password=*****;Database=db")]
    [InlineData("Server=h;PWD = abc", "Server=h;PWD =*****")]
    [InlineData("redis://:abc@127.0.0.1:6379", "redis://:*****@127.0.0.1:6379")]
    [InlineData("postgresql://postgres:abc@127.0.0.1:5432/db", "postgresql://postgres:*****@127.0.0.1:5432/db")]
    public void Password_fields_and_URI_user_info_are_masked_even_when_not_a_known_secret(string text, string expected)
    {
        Assert.Equal(expected, new SecretMasker(() => []).Apply(text));
    }

    [Theory]
    [InlineData("Host=h;Port=5432;Username=postgres;Database=db")]
    [InlineData("http://localhost:5000/health")]
    [InlineData("127.0.0.1:39001,127.0.0.1:39002")]
    [InlineData("REDIS_PASSWORD_FILE is not set")]
    public void Text_without_secrets_is_left_alone(string text)
    {
        Assert.Equal(text, new SecretMasker(() => ["s3cr3t"]).Apply(text));
    }

    [Fact]
    public void Null_and_empty_text_pass_through()
    {
        var masker = new SecretMasker(() => ["s3cr3t"]);

        Assert.Null(masker.Apply(null));
        Assert.Equal("", masker.Apply(""));
    }

    [Fact]
    public void For_masks_the_values_of_secret_parameters_only()
    {
        var secret = new ParameterResource("api-key", null, secret: true) { Value = "k3y-value" };
        var unresolved = new ParameterResource("other-key", null, secret: true);
        var plain = new ParameterResource("region", null, secret: false) { Value = "eu-west" };

        var masker = SecretMasker.For([secret, unresolved, plain]);

        Assert.Equal("key=*****; region=eu-west", masker.Apply("key=k3y-value; region=eu-west"));
    }
}
