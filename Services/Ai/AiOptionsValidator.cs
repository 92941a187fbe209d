using AiMesh.Ai.Models;
using Microsoft.Extensions.Options;

namespace AiMesh.Ai;

/// <summary>
/// Checks <see cref="AiOptions"/> against the registered models when the service starts. Resolving the
/// models here also loads them at start, so a broken model fails the start instead of the first request.
/// </summary>
internal sealed class AiOptionsValidator(IEnumerable<IInferenceModel> models) : IValidateOptions<AiOptions>
{
    public ValidateOptionsResult Validate(string? name, AiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var failures = new List<string>();
        if (options.MaxTextLength < 1)
        {
            failures.Add($"{AiOptions.SectionName}:{nameof(AiOptions.MaxTextLength)} must be at least 1; it is {options.MaxTextLength}.");
        }

        var names = models.Select(model => model.Name).ToArray();
        if (!names.Contains(options.DefaultModel, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"{AiOptions.SectionName}:{nameof(AiOptions.DefaultModel)} is '{options.DefaultModel}', which is not a registered model. Registered models: {string.Join(", ", names)}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
