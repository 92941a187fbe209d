using Microsoft.Extensions.Options;

namespace AiMesh.Ingest.Backpressure;

/// <summary>Refuses to start Ingest with backpressure settings it cannot honour, naming the key to fix.</summary>
internal sealed class BackpressureOptionsValidator : IValidateOptions<BackpressureOptions>
{
    /// <summary>Readings closer together than this would only load the group coordinator: commits come every quarter second.</summary>
    public static readonly TimeSpan ShortestCheckInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Readings further apart than this would go on refusing texts long after the pipeline has caught up.</summary>
    public static readonly TimeSpan LongestCheckInterval = TimeSpan.FromMinutes(1);

    public ValidateOptionsResult Validate(string? name, BackpressureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var failures = new List<string>();
        if (options.MaxLag <= 0)
        {
            failures.Add($"{Key(nameof(options.MaxLag))} must be positive; it is {options.MaxLag}.");
        }

        if (options.ResumeLag is { } resume && (resume < 0 || resume > options.MaxLag))
        {
            failures.Add($"{Key(nameof(options.ResumeLag))} must be between 0 and {Key(nameof(options.MaxLag))} ({options.MaxLag}); it is {resume}.");
        }

        if (options.CheckInterval < ShortestCheckInterval || options.CheckInterval > LongestCheckInterval)
        {
            failures.Add($"{Key(nameof(options.CheckInterval))} must be between {ShortestCheckInterval} and {LongestCheckInterval}; it is {options.CheckInterval}.");
        }

        if (string.IsNullOrWhiteSpace(options.InferenceGroup))
        {
            failures.Add($"{Key(nameof(options.InferenceGroup))} must name Inference's consumer group.");
        }

        if (string.IsNullOrWhiteSpace(options.ResultsGroup))
        {
            failures.Add($"{Key(nameof(options.ResultsGroup))} must name Results' consumer group.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Key(string property) => $"{BackpressureOptions.SectionName}:{property}";
}
