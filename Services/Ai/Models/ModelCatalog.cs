using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace AiMesh.Ai.Models;

/// <summary>The registered models by name (case-insensitive), and which one answers when a request names none.</summary>
public sealed class ModelCatalog
{
    private readonly FrozenDictionary<string, IInferenceModel> _byName;

    /// <summary>Builds the catalog, refusing duplicate names and a default that is not registered.</summary>
    public ModelCatalog(IEnumerable<IInferenceModel> models, IOptions<AiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(options);

        var byName = new Dictionary<string, IInferenceModel>(StringComparer.OrdinalIgnoreCase);
        foreach (var model in models)
        {
            if (!byName.TryAdd(model.Name, model))
            {
                throw new InvalidOperationException($"Two models are registered under the name '{model.Name}'.");
            }
        }

        _byName = byName.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Models = [.. byName.Values.OrderBy(model => model.Name, StringComparer.OrdinalIgnoreCase)];

        var defaultName = options.Value.DefaultModel;
        Default = _byName.TryGetValue(defaultName ?? "", out var defaultModel)
            ? defaultModel
            : throw new InvalidOperationException($"The default model '{defaultName}' is not registered. Registered models: {NameList}.");
    }

    /// <summary>The model that answers requests naming none.</summary>
    public IInferenceModel Default { get; }

    /// <summary>Every registered model, ordered by name.</summary>
    public IReadOnlyList<IInferenceModel> Models { get; }

    /// <summary>The registered names, comma-separated, for messages that tell a caller what exists.</summary>
    public string NameList => string.Join(", ", Models.Select(model => model.Name));

    /// <summary>
    /// Finds a model by name, ignoring case and surrounding whitespace; a null or blank name means
    /// <see cref="Default"/>.
    /// </summary>
    public bool TryFind(string? name, [NotNullWhen(true)] out IInferenceModel? model)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            model = Default;
            return true;
        }

        return _byName.TryGetValue(name.Trim(), out model);
    }
}
