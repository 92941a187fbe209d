using Microsoft.Extensions.Options;

namespace AiMesh.Ai.Llm;

/// <summary>Checks <see cref="LlmOptions"/> at start, naming each setting that is wrong and what it must be.</summary>
internal sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var failures = new List<string>();
        if (!options.Endpoint.IsAbsoluteUri || options.Endpoint.Scheme is not ("http" or "https"))
        {
            failures.Add($"{LlmOptions.SectionName}:{nameof(LlmOptions.Endpoint)} must be an absolute http or https address; it is '{options.Endpoint}'.");
        }

        if (options.ProbeInterval < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{LlmOptions.SectionName}:{nameof(LlmOptions.ProbeInterval)} must be at least 00:00:01; it is {options.ProbeInterval}.");
        }

        foreach (var (model, settings) in options.Models)
        {
            var prefix = $"{LlmOptions.SectionName}:{nameof(LlmOptions.Models)}:{model}";
            if (string.IsNullOrWhiteSpace(settings.ProviderModel))
            {
                failures.Add($"{prefix}:{nameof(LlmModelOptions.ProviderModel)} must name the provider's model, e.g. openai/gpt-4o-mini.");
            }

            if (settings.MaxOutputTokens < 1)
            {
                failures.Add($"{prefix}:{nameof(LlmModelOptions.MaxOutputTokens)} must be at least 1; it is {settings.MaxOutputTokens}.");
            }

            if (settings.Timeout <= TimeSpan.Zero)
            {
                failures.Add($"{prefix}:{nameof(LlmModelOptions.Timeout)} must be positive; it is {settings.Timeout}.");
            }

            if (settings.Fallbacks.Any(string.IsNullOrWhiteSpace))
            {
                failures.Add($"{prefix}:{nameof(LlmModelOptions.Fallbacks)} has an empty entry.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
