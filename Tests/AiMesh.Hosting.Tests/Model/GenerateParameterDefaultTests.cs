using System.Text.Json;
using AiMesh.Hosting.ApplicationModel;

namespace AiMesh.Hosting.Tests.Model;

public sealed class GenerateParameterDefaultTests
{
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digits = "0123456789";

    [Fact]
    public void The_default_is_22_characters_from_every_class_and_safe_in_connection_strings_and_URIs()
    {
        var generator = new GenerateParameterDefault();

        for (var i = 0; i < 200; i++)
        {
            var value = generator.GetDefaultValue();
            Assert.Equal(22, value.Length);
            Assert.Matches(@"^[A-Za-z0-9\-_.~!*()+]+$", value);
            Assert.DoesNotContain(value, c => c is '"' or '\'' or ';' or ',' or '=' or '@' or '/' or ':' or '{' or '}' or '%' or ' ');
        }

        Assert.True(generator.Persist);
    }

    [Fact]
    public void Character_classes_can_be_switched_off()
    {
        var generator = new GenerateParameterDefault { Special = false, Upper = false };

        for (var i = 0; i < 100; i++)
        {
            Assert.Matches("^[a-z0-9]{22}$", generator.GetDefaultValue());
        }
    }

    [Fact]
    public void Minimums_per_class_are_met()
    {
        var generator = new GenerateParameterDefault { MinLength = 12, MinLower = 3, MinUpper = 3, MinNumeric = 3, MinSpecial = 3 };

        for (var i = 0; i < 100; i++)
        {
            var value = generator.GetDefaultValue();
            Assert.Equal(12, value.Length);
            Assert.Equal(3, value.Count(c => Lower.Contains(c)));
            Assert.Equal(3, value.Count(c => Upper.Contains(c)));
            Assert.Equal(3, value.Count(c => Digits.Contains(c)));
            Assert.Equal(3, value.Count(c => !char.IsAsciiLetterOrDigit(c)));
        }
    }

    [Fact]
    public void Minimums_longer_than_the_minimum_length_make_the_value_longer()
    {
        var value = new GenerateParameterDefault { MinLength = 4, MinNumeric = 10, Lower = false, Upper = false, Special = false }.GetDefaultValue();

        Assert.Matches("^[0-9]{10}$", value);
    }

    [Fact]
    public void Values_differ_from_one_generation_to_the_next()
    {
        var generator = new GenerateParameterDefault();

        Assert.Equal(50, Enumerable.Range(0, 50).Select(_ => generator.GetDefaultValue()).Distinct().Count());
    }

    [Fact]
    public void No_character_class_at_all_is_refused()
    {
        var generator = new GenerateParameterDefault { Lower = false, Upper = false, Numeric = false, Special = false };

        Assert.Throws<InvalidOperationException>(() => generator.GetDefaultValue());
    }

    [Fact]
    public void The_manifest_form_lists_only_what_differs_from_the_defaults()
    {
        Assert.Equal("""{"generate":{"minLength":22}}""", JsonSerializer.Serialize(new GenerateParameterDefault().ToManifest()));
        Assert.Equal(
            """{"generate":{"minLength":16,"upper":false,"special":false,"minLower":2,"minNumeric":3}}""",
            JsonSerializer.Serialize(new GenerateParameterDefault { MinLength = 16, Upper = false, Special = false, MinLower = 2, MinNumeric = 3 }.ToManifest()));
    }

    [Fact]
    public void A_constant_default_is_its_value_and_is_not_persisted()
    {
        var constant = new ConstantParameterDefault("eu-west");

        Assert.Equal("eu-west", constant.GetDefaultValue());
        Assert.False(constant.Persist);
        Assert.Equal("""{"value":"eu-west"}""", JsonSerializer.Serialize(constant.ToManifest()));
    }

    [Fact]
    public void Redis_and_Postgres_generate_22_character_passwords_without_special_characters()
    {
        var builder = ModelTestSupport.CreateBuilder();
        var redis = builder.AddRedis("redis");
        var postgres = builder.AddPostgres("pg");

        foreach (var password in new[] { redis.Resource.Password, postgres.Resource.Password })
        {
            var generator = Assert.IsType<GenerateParameterDefault>(password.Default);
            Assert.Equal(22, generator.MinLength);
            Assert.False(generator.Special);
            Assert.True(password.Secret);
        }

        Assert.Equal("pg-password", postgres.Resource.Password.Name);
    }
}
