using System.Globalization;
using AiMesh.Web.Clients;

namespace AiMesh.Web.Chat;

/// <summary>
/// The chat's model picker, made from Ingest's <see cref="ModelList"/>: the built-in models, then the
/// LLM models, an unavailable one shown but not selectable, with its reason as a note.
/// </summary>
public sealed class ModelChoices
{
    private ModelChoices(string defaultModel, IReadOnlyList<ModelChoice> builtIn, IReadOnlyList<ModelChoice> llms)
    {
        Default = defaultModel;
        BuiltIn = builtIn;
        Llms = llms;
    }

    /// <summary>The model texts naming none go to.</summary>
    public string Default { get; }

    /// <summary>The built-in models, in Ingest's order.</summary>
    public IReadOnlyList<ModelChoice> BuiltIn { get; }

    /// <summary>The LLM models, in Ingest's order, available or not.</summary>
    public IReadOnlyList<ModelChoice> Llms { get; }

    /// <summary>The choices that carry a note, for the page to spell out beside the picker.</summary>
    public IEnumerable<ModelChoice> Noted => BuiltIn.Concat(Llms).Where(choice => choice.Note is not null);

    public static ModelChoices From(ModelList models)
    {
        ArgumentNullException.ThrowIfNull(models);

        return new ModelChoices(
            models.Default,
            [.. models.Models.Select(model => BuiltInChoice(model, model.Name == models.Default || model.IsDefault))],
            [.. models.Llms.Select(LlmChoice)]);
    }

    /// <summary>
    /// The model to send with: <paramref name="wanted"/> while it can be picked, else the default,
    /// else the first that can be picked; null when none can (Ingest then uses its default).
    /// </summary>
    public string? Select(string? wanted)
    {
        var selectable = BuiltIn.Concat(Llms).Where(choice => choice.Enabled).Select(choice => choice.Name).ToList();
        if (wanted is not null && selectable.Contains(wanted, StringComparer.Ordinal))
        {
            return wanted;
        }

        return selectable.Contains(Default, StringComparer.Ordinal) ? Default : selectable.FirstOrDefault();
    }

    /// <summary>Whether <paramref name="name"/> is one of the LLM models.</summary>
    public bool IsLlm(string? name) => Llms.Any(choice => choice.Name == name);

    private static ModelChoice BuiltInChoice(ModelInfo model, bool isDefault)
    {
        var label = model.Name;
        if (model.Evaluation is { } evaluation)
        {
            label += string.Create(CultureInfo.InvariantCulture, $" ({evaluation.Accuracy * 100:0.0} % accurate)");
        }

        if (isDefault)
        {
            label += ", default";
        }

        // Ingest decides whether a model still loading can take a text; the person only needs to know.
        var note = model.Ready ? null : $"{model.Name} is still loading on Ai; a text sent to it now may wait or be refused.";
        return new ModelChoice(model.Name, label, IsLlm: false, Enabled: true, model.Description, note);
    }

    private static ModelChoice LlmChoice(LlmModelInfo model)
    {
        var providers = model.ProviderModels is { Count: > 0 } list ? string.Join(", ", list) : null;
        if (!model.Available)
        {
            var reason = string.IsNullOrWhiteSpace(model.UnavailableReason) ? "Ingest gave no reason." : model.UnavailableReason.Trim();
            return new ModelChoice(model.Name, $"{model.Name} (unavailable)", IsLlm: true, Enabled: false, model.Description, $"{model.Name} is unavailable: {reason}");
        }

        var label = providers is null ? $"{model.Name} (LLM)" : $"{model.Name} (LLM: {providers})";
        var note = string.IsNullOrWhiteSpace(model.LastFailure) ? null : $"{model.Name}'s last call failed: {model.LastFailure.Trim()}";
        return new ModelChoice(model.Name, label, IsLlm: true, Enabled: true, model.Description, note);
    }
}
