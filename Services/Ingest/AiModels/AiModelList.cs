using System.Text.Json;

namespace AiMesh.Ingest.AiModels;

/// <summary>
/// Ai's answer to <c>GET /api/models</c>: the JSON exactly as Ai sent it, which <c>GET /api/models</c> on
/// Ingest relays unchanged, and the little Ingest reads from it to check a submission's model.
/// </summary>
/// <remarks>
/// Only names, the default and the LLM models' availability are read: the rest of the list (versions,
/// labels, evaluations…) is Ai's to describe and Web's to show, so Ingest neither models nor drops it.
/// </remarks>
internal sealed class AiModelList
{
    private static readonly JsonDocumentOptions s_documentOptions = new() { MaxDepth = 32 };

    private AiModelList(ReadOnlyMemory<byte> json, string? defaultModel, IReadOnlyList<AiModel> models)
    {
        Json = json;
        Default = defaultModel;
        Models = models;
    }

    /// <summary>The list as Ai sent it (UTF-8 JSON).</summary>
    public ReadOnlyMemory<byte> Json { get; }

    /// <summary>The model that answers texts naming none, when Ai says.</summary>
    public string? Default { get; }

    /// <summary>The built-in models, then the LLM models, each in Ai's order.</summary>
    public IReadOnlyList<AiModel> Models { get; }

    /// <summary>Reads Ai's list. <see cref="FormatException"/> says what is wrong with one Ingest cannot read.</summary>
    public static AiModelList Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, s_documentOptions);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"it is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object.");
            }

            var defaultModel = root.TryGetProperty("default", out var named) && named.ValueKind == JsonValueKind.String ? named.GetString() : null;
            List<AiModel> models = [.. Entries(root, "models", required: true).Select(model => new AiModel(NameOf(model, "models"), Available: true, UnavailableReason: null))];

            // An Ai from before LLM models has no "llms": it simply offers none.
            foreach (var llm in Entries(root, "llms", required: false))
            {
                var name = NameOf(llm, "llms");
                if (!llm.TryGetProperty("available", out var available) || available.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    throw new FormatException($"the LLM model '{name}' has no boolean 'available'.");
                }

                var reason = llm.TryGetProperty("unavailableReason", out var why) && why.ValueKind == JsonValueKind.String ? why.GetString() : null;
                models.Add(new AiModel(name, available.GetBoolean(), available.GetBoolean() ? null : reason));
            }

            return new AiModelList(json, defaultModel, models);
        }
        catch (JsonException exception)
        {
            throw new FormatException($"it is not valid JSON: {exception.Message}", exception);
        }
        catch (InvalidOperationException exception)
        {
            // A string that does not decode (ill-formed UTF-8, a lone surrogate escape).
            throw new FormatException($"it holds a string that is not valid Unicode: {exception.Message}", exception);
        }
    }

    /// <summary>The model named <paramref name="name"/> (trimmed, ignoring case), or null when Ai lists none by that name.</summary>
    public AiModel? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);

        var trimmed = name.Trim();
        return Models.FirstOrDefault(model => model.Name.Equals(trimmed, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The sentence a refusal ends with: the models that can be chosen now, the default marked.</summary>
    public string DescribeChoices()
    {
        var choices = Models
            .Where(model => model.Available)
            .Select(model => model.Name == Default ? $"{model.Name} (the default)" : model.Name)
            .ToList();
        return choices.Count == 0
            ? "Ai lists no model that can be chosen now."
            : $"Models that can be chosen (names match ignoring case): {string.Join(", ", choices)}.";
    }

    private static IEnumerable<JsonElement> Entries(JsonElement root, string property, bool required)
    {
        if (!root.TryGetProperty(property, out var entries))
        {
            return required ? throw new FormatException($"it has no '{property}'.") : [];
        }

        if (entries.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"its '{property}' is not an array.");
        }

        return entries.EnumerateArray();
    }

    private static string NameOf(JsonElement entry, string list) =>
        entry.ValueKind == JsonValueKind.Object
            && entry.TryGetProperty("name", out var name)
            && name.ValueKind == JsonValueKind.String
            && name.GetString() is { } text
            && !string.IsNullOrWhiteSpace(text)
                ? text
                : throw new FormatException($"an entry of its '{list}' has no name.");
}
