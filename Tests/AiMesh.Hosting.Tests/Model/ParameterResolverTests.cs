using System.Text.Json.Nodes;
using AiMesh.Hosting.ApplicationModel;
using AiMesh.Hosting.Parameters;
using Microsoft.Extensions.Configuration;

namespace AiMesh.Hosting.Tests.Model;

public sealed class ParameterResolverTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("aimesh-model-tests-").FullName;

    private string SecretsFile => Path.Combine(_directory, "secrets.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_value_comes_from_configuration_Parameters_name()
    {
        var parameter = new ParameterResource("api-key", new ConstantParameterDefault("fallback"), secret: true);

        Resolver(("Parameters:api-key", "from-config")).Resolve([parameter]);

        Assert.Equal("from-config", parameter.Value);
        Assert.False(File.Exists(SecretsFile));
    }

    [Fact]
    public void A_hyphenated_name_is_also_found_with_underscores_as_environment_variables_spell_it()
    {
        var parameter = new ParameterResource("api-key", null, secret: true);

        Resolver(("Parameters:api_key", "from-env")).Resolve([parameter]);

        Assert.Equal("from-env", parameter.Value);
    }

    [Fact]
    public void The_exact_name_wins_over_the_underscore_variant()
    {
        var parameter = new ParameterResource("api-key", null, secret: true);

        Resolver(("Parameters:api_key", "underscore"), ("Parameters:api-key", "exact")).Resolve([parameter]);

        Assert.Equal("exact", parameter.Value);
    }

    [Fact]
    public void A_constant_default_is_used_without_being_persisted()
    {
        var parameter = new ParameterResource("region", new ConstantParameterDefault("eu-west"), secret: false);

        Resolver().Resolve([parameter]);

        Assert.Equal("eu-west", parameter.Value);
        Assert.False(File.Exists(SecretsFile));
    }

    [Fact]
    public void A_parameter_that_already_has_a_value_keeps_it()
    {
        var parameter = new ParameterResource("user", null, secret: false) { Value = "postgres" };

        Resolver(("Parameters:user", "other")).Resolve([parameter]);

        Assert.Equal("postgres", parameter.Value);
    }

    [Fact]
    public void A_generated_default_is_persisted_to_the_secrets_store()
    {
        var parameter = new ParameterResource("redis-password", new GenerateParameterDefault { Special = false }, secret: true);

        Resolver().Resolve([parameter]);

        Assert.Matches("^[A-Za-z0-9]{22}$", parameter.Value);
        var saved = JsonNode.Parse(File.ReadAllText(SecretsFile))!.AsObject();
        Assert.Equal(parameter.Value, (string?)saved["Parameters:redis-password"]);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SecretsFile));
    }

    [Fact]
    public void A_generated_default_is_reused_on_the_next_resolve()
    {
        var first = new ParameterResource("pg-password", new GenerateParameterDefault(), secret: true);
        Resolver().Resolve([first]);

        // The next run: a new model, and configuration that does not read the store (no user secrets).
        var second = new ParameterResource("pg-password", new GenerateParameterDefault(), secret: true);
        Resolver().Resolve([second]);

        Assert.Equal(first.Value, second.Value);
    }

    [Fact]
    public void A_generated_default_is_read_back_through_the_builder_s_configuration()
    {
        var first = new ParameterResource("cache-password", new GenerateParameterDefault(), secret: true);
        Resolver().Resolve([first]);

        // The next run reads the store as configuration, as the AppHost reads its user secrets.
        var nextRun = new DistributedApplicationBuilder(new DistributedApplicationOptions { AppHostAssembly = typeof(ModelTestSupport).Assembly, SecretsFile = SecretsFile });
        var second = nextRun.AddParameter("cache-password", new GenerateParameterDefault(), secret: true).Resource;
        new ParameterResolver(nextRun.Configuration, new SecretsStore(Path.Combine(_directory, "other.json"))).Resolve([second]);

        Assert.Equal(first.Value, nextRun.Configuration["Parameters:cache-password"]);
        Assert.Equal(first.Value, second.Value);
        Assert.False(File.Exists(Path.Combine(_directory, "other.json")));
    }

    [Fact]
    public void A_parameter_without_any_value_names_itself_and_its_environment_variable()
    {
        var apiKey = new ParameterResource("api-key", null, secret: true);
        var region = new ParameterResource("region", null, secret: false);
        var port = new ParameterResource("port", new ConstantParameterDefault("80"), secret: false);

        var e = Assert.Throws<MissingParameterValueException>(() => Resolver().Resolve([apiKey, region, port]));

        Assert.StartsWith("No value for parameter(s) 'api-key', 'region': set Parameters:api-key", e.Message, StringComparison.Ordinal);
        Assert.Contains("Parameters__api_key", e.Message, StringComparison.Ordinal);
        Assert.False(apiKey.HasValue);
        Assert.Equal("80", port.Value);
    }

    [Fact]
    public void Reading_a_parameter_before_it_is_resolved_fails_clearly()
    {
        var parameter = new ParameterResource("api-key", null, secret: true);

        var e = Assert.Throws<MissingParameterValueException>(() => parameter.Value);

        Assert.Contains("'api-key'", e.Message, StringComparison.Ordinal);
        Assert.Equal("{api-key.value}", parameter.ValueExpression);
    }

    private ParameterResolver Resolver(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return new ParameterResolver(configuration, new SecretsStore(SecretsFile));
    }
}
