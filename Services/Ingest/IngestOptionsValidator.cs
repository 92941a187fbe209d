using AiMesh.Ingest.Http;
using Microsoft.Extensions.Options;

namespace AiMesh.Ingest;

/// <summary>Refuses to start Ingest with settings it cannot honour, naming the key to fix.</summary>
internal sealed class IngestOptionsValidator : IValidateOptions<IngestOptions>
{
    // librdkafka takes message.timeout.ms as a 32-bit count of milliseconds.
    private static readonly TimeSpan s_longestPublishTimeout = TimeSpan.FromMilliseconds(int.MaxValue);

    // A body allowed to stall longer than this holds a connection for nothing.
    private static readonly TimeSpan s_longestGracePeriod = TimeSpan.FromMinutes(5);

    // A model list kept longer would go on refusing an LLM model long after its API key was set.
    private static readonly TimeSpan s_longestModelListCacheDuration = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, IngestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var failures = new List<string>();
        if (options.MaxTextLength is <= 0 or > IngestOptions.MaxTextLengthLimit)
        {
            failures.Add($"{IngestOptions.SectionName}:{nameof(IngestOptions.MaxTextLength)} must be between 1 and {IngestOptions.MaxTextLengthLimit}; it is {options.MaxTextLength}.");
        }

        if (options.PublishTimeout <= TimeSpan.Zero || options.PublishTimeout > s_longestPublishTimeout)
        {
            failures.Add($"{IngestOptions.SectionName}:{nameof(IngestOptions.PublishTimeout)} must be positive and at most {s_longestPublishTimeout}; it is {options.PublishTimeout}.");
        }

        if (options.ModelListCacheDuration < TimeSpan.Zero || options.ModelListCacheDuration > s_longestModelListCacheDuration)
        {
            failures.Add($"{IngestOptions.SectionName}:{nameof(IngestOptions.ModelListCacheDuration)} must be between zero and {s_longestModelListCacheDuration}; it is {options.ModelListCacheDuration}.");
        }

        if (options.KafkaStatusTimeout <= TimeSpan.Zero || options.KafkaStatusTimeout > s_longestPublishTimeout)
        {
            failures.Add($"{IngestOptions.SectionName}:{nameof(IngestOptions.KafkaStatusTimeout)} must be positive and at most {s_longestPublishTimeout}; it is {options.KafkaStatusTimeout}.");
        }

        if (options.MinRequestBodyBytesPerSecond <= 0)
        {
            failures.Add($"{IngestOptions.SectionName}:{nameof(IngestOptions.MinRequestBodyBytesPerSecond)} must be positive; it is {options.MinRequestBodyBytesPerSecond}.");
        }

        if (options.RequestBodyGracePeriod <= RequestBodyLimits.KestrelHeartbeat || options.RequestBodyGracePeriod > s_longestGracePeriod)
        {
            failures.Add($"{IngestOptions.SectionName}:{nameof(IngestOptions.RequestBodyGracePeriod)} must be over {RequestBodyLimits.KestrelHeartbeat} and at most {s_longestGracePeriod}; it is {options.RequestBodyGracePeriod}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
