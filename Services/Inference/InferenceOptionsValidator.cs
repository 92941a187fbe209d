using Microsoft.Extensions.Options;

namespace AiMesh.Inference;

/// <summary>Rejects settings the worker cannot run with, naming the configuration key to fix.</summary>
internal sealed class InferenceOptionsValidator : IValidateOptions<InferenceOptions>
{
    private static readonly TimeSpan s_shortestSamplingDuration = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan s_longestSamplingDuration = TimeSpan.FromDays(1);
    private static readonly TimeSpan s_longestAnswerTimeout = TimeSpan.FromDays(1);

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

        RequirePositive(failures, nameof(options.CacheProbeInterval), options.CacheProbeInterval);
        RequirePositive(failures, nameof(options.AnswerTimeout), options.AnswerTimeout);
        if (options.AnswerTimeout > s_longestAnswerTimeout)
        {
            // A CancellationTokenSource refuses delays past 24.8 days, and every LLM text would then fail on
            // it; a day is already far past any answer worth waiting for.
            failures.Add($"{Key(nameof(options.AnswerTimeout))} must be at most {s_longestAnswerTimeout}; it is {options.AnswerTimeout}.");
        }

        RequirePositive(failures, nameof(options.ModelListTtl), options.ModelListTtl);
        ValidateBreaker(failures, options);
        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            failures.Add($"{Key(nameof(options.RetryMaxDelay))} ({options.RetryMaxDelay}) must not be shorter than {Key(nameof(options.RetryBaseDelay))} ({options.RetryBaseDelay}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Polly's circuit breaker refuses a minimum throughput below 2 and a sampling window outside
    // 0.5 s to 1 day; naming our keys here beats a ValidationException from Polly at first use.
    private static void ValidateBreaker(List<string> failures, InferenceOptions options)
    {
        if (options.CacheBreakerFailures < 2)
        {
            failures.Add($"{Key(nameof(options.CacheBreakerFailures))} must be at least 2; it is {options.CacheBreakerFailures}.");
        }

        if (options.CacheBreakerSamplingDuration < s_shortestSamplingDuration || options.CacheBreakerSamplingDuration > s_longestSamplingDuration)
        {
            failures.Add($"{Key(nameof(options.CacheBreakerSamplingDuration))} must be from {s_shortestSamplingDuration} to {s_longestSamplingDuration}; it is {options.CacheBreakerSamplingDuration}.");
        }
        else if (options.CacheTimeout > TimeSpan.Zero
            && options.CacheTimeout.Ticks * (double)options.CacheBreakerFailures > options.CacheBreakerSamplingDuration.Ticks)
        {
            // A hung Redis fails one call per CacheTimeout and this replica makes one call at a time, so
            // a shorter window could never hold enough failures to open the breaker.
            failures.Add(
                $"{Key(nameof(options.CacheBreakerSamplingDuration))} ({options.CacheBreakerSamplingDuration}) must be at least "
                + $"{Key(nameof(options.CacheBreakerFailures))} ({options.CacheBreakerFailures}) times {Key(nameof(options.CacheTimeout))} ({options.CacheTimeout}).");
        }
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
