using Microsoft.Extensions.Options;

namespace AiMesh.Results;

/// <summary>Fails startup on settings that cannot work, naming the key to fix.</summary>
internal sealed class ResultsOptionsValidator : IValidateOptions<ResultsOptions>
{
    public ValidateOptionsResult Validate(string? name, ResultsOptions options)
    {
        List<string> failures = [];
        if (options.MaxListLimit < 1)
        {
            failures.Add($"{Key(nameof(options.MaxListLimit))} must be at least 1 (it is {options.MaxListLimit}).");
        }

        if (options.DefaultListLimit < 1 || options.DefaultListLimit > options.MaxListLimit)
        {
            failures.Add($"{Key(nameof(options.DefaultListLimit))} must be between 1 and {Key(nameof(options.MaxListLimit))} ({options.MaxListLimit}); it is {options.DefaultListLimit}.");
        }

        if (options.MaxBatchSize < 1)
        {
            failures.Add($"{Key(nameof(options.MaxBatchSize))} must be at least 1 (it is {options.MaxBatchSize}).");
        }

        if (options.ClientQueueSize < Math.Max(1, options.MaxBatchSize))
        {
            failures.Add(
                $"{Key(nameof(options.ClientQueueSize))} must be at least 1 and at least {Key(nameof(options.MaxBatchSize))} ({options.MaxBatchSize}), " +
                $"since a batch's results are queued for a client together; it is {options.ClientQueueSize}.");
        }

        if (string.IsNullOrWhiteSpace(options.AnswerGroupId))
        {
            failures.Add($"{Key(nameof(options.AnswerGroupId))} must name a consumer group (the default is {ResultsOptions.DefaultAnswerGroupId}).");
        }

        RequirePositive(failures, nameof(options.KeepAliveInterval), options.KeepAliveInterval);
        RequirePositive(failures, nameof(options.CloseTimeout), options.CloseTimeout);
        RequirePositive(failures, nameof(options.DatabaseRetryDelay), options.DatabaseRetryDelay);
        RequirePositive(failures, nameof(options.ConsumerStallTimeout), options.ConsumerStallTimeout);
        if (options.KeepAliveTimeout < TimeSpan.Zero)
        {
            failures.Add($"{Key(nameof(options.KeepAliveTimeout))} must not be negative (it is {options.KeepAliveTimeout}).");
        }

        if (options.DatabaseRetryMaxDelay < options.DatabaseRetryDelay)
        {
            failures.Add($"{Key(nameof(options.DatabaseRetryMaxDelay))} ({options.DatabaseRetryMaxDelay}) must not be shorter than {Key(nameof(options.DatabaseRetryDelay))} ({options.DatabaseRetryDelay}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequirePositive(List<string> failures, string property, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{Key(property)} must be positive (it is {value}).");
        }
    }

    private static string Key(string property) => $"{ResultsOptions.SectionName}:{property}";
}
