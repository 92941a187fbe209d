using Microsoft.Extensions.Options;

namespace AiMesh.Inference;

/// <summary>Rejects settings the worker cannot run with, naming the configuration key to fix.</summary>
internal sealed class InferenceOptionsValidator : IValidateOptions<InferenceOptions>
{
    public ValidateOptionsResult Validate(string? name, InferenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        List<string> failures = [];
        if (string.IsNullOrWhiteSpace(options.Model))
        {
            failures.Add($"{Key(nameof(options.Model))} must name a model.");
        }

        RequirePositive(failures, nameof(options.CacheTtl), options.CacheTtl);
        RequirePositive(failures, nameof(options.RetryBaseDelay), options.RetryBaseDelay);
        RequirePositive(failures, nameof(options.CacheTimeout), options.CacheTimeout);
        RequirePositive(failures, nameof(options.StuckAfter), options.StuckAfter);
        if (options.MaxAttempts < 1)
        {
            failures.Add($"{Key(nameof(options.MaxAttempts))} must be at least 1; it is {options.MaxAttempts}.");
        }

        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            failures.Add($"{Key(nameof(options.RetryMaxDelay))} ({options.RetryMaxDelay}) must not be shorter than {Key(nameof(options.RetryBaseDelay))} ({options.RetryBaseDelay}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequirePositive(List<string> failures, string property, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{Key(property)} must be a positive TimeSpan such as 00:00:01; it is {value}.");
        }
    }

    private static string Key(string property) => $"{InferenceOptions.SectionName}:{property}";
}
