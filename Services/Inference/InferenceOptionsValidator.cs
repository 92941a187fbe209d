using Microsoft.Extensions.Options;

namespace AiMesh.Inference;

/// <summary>Rejects settings the worker cannot run with, naming the configuration key to fix.</summary>
internal sealed class InferenceOptionsValidator : IValidateOptions<InferenceOptions>
{
    private static readonly TimeSpan s_shortestSamplingDuration = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan s_longestSamplingDuration = TimeSpan.FromDays(1);
    private static readonly TimeSpan s_longestAnswerTimeout = TimeSpan.FromDays(1);

    // A window is a wait every text pays; a second is already far more than batching can win back.
    private static readonly TimeSpan s_longestBatchWindow = TimeSpan.FromSeconds(1);

    // The host's shutdown timeout is raised to cover the drain; a stop should still be a matter of minutes.
    private static readonly TimeSpan s_longestDrainTimeout = TimeSpan.FromMinutes(5);

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
        RequireAtLeastOne(failures, nameof(options.MaxInFlight), options.MaxInFlight);
        RequireAtLeastOne(failures, nameof(options.MaxAnswersInFlight), options.MaxAnswersInFlight);
        RequireAtLeastOne(failures, nameof(options.AiMaxBatchSize), options.AiMaxBatchSize);
        RequireAtLeastOne(failures, nameof(options.AiBatchesInFlight), options.AiBatchesInFlight);
        if (options.AiBatchWindow < TimeSpan.Zero || options.AiBatchWindow > s_longestBatchWindow)
        {
            failures.Add($"{Key(nameof(options.AiBatchWindow))} must be from 00:00:00 to {s_longestBatchWindow}; it is {options.AiBatchWindow}.");
        }

        RequirePositive(failures, nameof(options.DrainTimeout), options.DrainTimeout);
        if (options.DrainTimeout > s_longestDrainTimeout)
        {
            failures.Add($"{Key(nameof(options.DrainTimeout))} must be at most {s_longestDrainTimeout}; it is {options.DrainTimeout}.");
        }

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
            // A hung Redis fails a call per CacheTimeout; with one message in flight (MaxInFlight 1) a
            // shorter window could never hold enough failures to open the breaker.
            failures.Add(
                $"{Key(nameof(options.CacheBreakerSamplingDuration))} ({options.CacheBreakerSamplingDuration}) must be at least "
                + $"{Key(nameof(options.CacheBreakerFailures))} ({options.CacheBreakerFailures}) times {Key(nameof(options.CacheTimeout))} ({options.CacheTimeout}).");
        }
    }

    private static void RequireAtLeastOne(List<string> failures, string property, int value)
    {
        if (value < 1)
        {
            failures.Add($"{Key(property)} must be at least 1; it is {value}.");
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
