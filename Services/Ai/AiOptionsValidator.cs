using AiMesh.Ai.Models;
using Microsoft.Extensions.Options;

namespace AiMesh.Ai;

/// <summary>
/// Checks <see cref="AiOptions"/> against the registered models when the service starts. Resolving the
/// models here also creates them at start, so a broken model fails the start instead of the first request.
/// The models are resolved when validating, not injected: some take <see cref="AiOptions"/> themselves, and
/// injecting them here would make the options depend on their own consumers.
/// </summary>
internal sealed class AiOptionsValidator(IServiceProvider services) : IValidateOptions<AiOptions>
{
    public ValidateOptionsResult Validate(string? name, AiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var failures = new List<string>();
        if (options.MaxTextLength < 1)
        {
            failures.Add($"{AiOptions.SectionName}:{nameof(AiOptions.MaxTextLength)} must be at least 1; it is {options.MaxTextLength}.");
        }

        if (options.MaxBatchSize < 1)
        {
            failures.Add($"{AiOptions.SectionName}:{nameof(AiOptions.MaxBatchSize)} must be at least 1; it is {options.MaxBatchSize}.");
        }

        if (options.BatchWindow < TimeSpan.Zero || options.BatchWindow > TimeSpan.FromSeconds(1))
        {
            failures.Add($"{AiOptions.SectionName}:{nameof(AiOptions.BatchWindow)} must be from 00:00:00 to 00:00:01; it is {options.BatchWindow}.");
        }

        if (options.ModelConcurrency < 1)
        {
            failures.Add($"{AiOptions.SectionName}:{nameof(AiOptions.ModelConcurrency)} must be at least 1; it is {options.ModelConcurrency}.");
        }

        if (options.ModelThreads < 1)
        {
            failures.Add($"{AiOptions.SectionName}:{nameof(AiOptions.ModelThreads)} must be at least 1; it is {options.ModelThreads}.");
        }

        var names = services.GetServices<IInferenceModel>().Select(model => model.Name).ToArray();
        if (!names.Contains(options.DefaultModel, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"{AiOptions.SectionName}:{nameof(AiOptions.DefaultModel)} is '{options.DefaultModel}', which is not a registered model. Registered models: {string.Join(", ", names)}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
