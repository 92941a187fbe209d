using AiMesh.Ai.Llm;

namespace AiMesh.Ai.Tests.Llm;

public sealed class LlmOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new LlmOptionsValidator().Validate(null, new LlmOptions()).Succeeded);
    }

    [Fact]
    public void Every_wrong_setting_is_named_with_what_it_must_be()
    {
        var options = new LlmOptions
        {
            Endpoint = new Uri("ftp://models.example/"),
            ProbeInterval = TimeSpan.FromMilliseconds(10),
            Models = new(StringComparer.OrdinalIgnoreCase)
            {
                ["summary"] = new LlmModelOptions { ProviderModel = " ", MaxOutputTokens = 0, Timeout = TimeSpan.Zero, Fallbacks = ["ok/model", ""] },
            },
        };

        var failures = new LlmOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Equal(6, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("Ai:Llm:Endpoint must be an absolute http or https address", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Ai:Llm:ProbeInterval must be at least", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Ai:Llm:Models:summary:ProviderModel must name", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Ai:Llm:Models:summary:MaxOutputTokens must be at least 1", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Ai:Llm:Models:summary:Timeout must be positive", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Ai:Llm:Models:summary:Fallbacks has an empty entry", StringComparison.Ordinal));
    }
}
