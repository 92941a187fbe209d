using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace AiMesh.Ai.Llm;

/// <summary>
/// The configured LLM models by name (case-insensitive). <c>llm</c>, the one the AppHost's
/// parameters configure, is always there, with its defaults when nothing configures it.
/// </summary>
internal sealed class LlmCatalog
{
    private readonly FrozenDictionary<string, LlmModel> _byName;

    public LlmCatalog(IOptions<LlmOptions> options, LlmChatClients clients, LlmEndpointProbe endpoint, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        var configured = new Dictionary<string, LlmModelOptions>(options.Value.Models, StringComparer.OrdinalIgnoreCase);
        configured.TryAdd(LlmOptions.DefaultModelName, new LlmModelOptions());
        _byName = configured.ToFrozenDictionary(
            entry => entry.Key,
            entry => new LlmModel(entry.Key, entry.Value, clients, endpoint, timeProvider, loggerFactory.CreateLogger<LlmModel>()),
            StringComparer.OrdinalIgnoreCase);
        Models = [.. _byName.Values.OrderBy(model => model.Name, StringComparer.OrdinalIgnoreCase)];
        Endpoint = options.Value.Endpoint;
    }

    /// <summary>Every LLM model, ordered by name.</summary>
    public IReadOnlyList<LlmModel> Models { get; }

    /// <summary>The endpoint every model is called on.</summary>
    public Uri Endpoint { get; }

    /// <summary>The names, comma-separated, for messages that tell a caller what exists.</summary>
    public string NameList => string.Join(", ", Models.Select(model => model.Name));

    /// <summary>Finds a model by name; a null or blank name means <c>llm</c>.</summary>
    public bool TryFind(string? name, [NotNullWhen(true)] out LlmModel? model) =>
        _byName.TryGetValue(string.IsNullOrWhiteSpace(name) ? LlmOptions.DefaultModelName : name.Trim(), out model);
}
