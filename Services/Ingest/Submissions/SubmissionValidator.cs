using System.Text;
using System.Text.Json;
using AiMesh.Contracts;

namespace AiMesh.Ingest.Submissions;

/// <summary>
/// Checks a request body that has been read: JSON, an object whose properties are all among
/// <see cref="SubmissionProperties.Allowed"/> (names decodable, matched ignoring case), with exactly one
/// <c>text</c> that is a string <see cref="TextRules"/> accepts, of at most the allowed number of characters,
/// and at most one <c>model</c>. Whether the model exists is Ai's to say (<see cref="AiModels.ModelChooser"/>):
/// here it is only read.
/// </summary>
internal static class SubmissionValidator
{
    private static readonly JsonDocumentOptions s_documentOptions = new() { MaxDepth = 16 };

    public static SubmissionResult Validate(ReadOnlyMemory<byte> body, int maxTextLength)
    {
        if (body.IsEmpty)
        {
            return SubmissionError.MissingBody();
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(SkipByteOrderMark(body), s_documentOptions);
        }
        catch (JsonException exception)
        {
            return MalformedJson(exception);
        }

        using (document)
        {
            return ValidateRoot(document.RootElement, maxTextLength);
        }
    }

    private static SubmissionResult ValidateRoot(JsonElement root, int maxTextLength)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return SubmissionError.NotAnObject(Describe(root.ValueKind));
        }

        JsonElement? textElement = null;
        JsonElement? modelElement = null;
        foreach (var property in root.EnumerateObject())
        {
            if (DecodeName(property) is not { } name)
            {
                return SubmissionError.UndecodablePropertyName();
            }

            if (!SubmissionProperties.IsAllowed(name))
            {
                return SubmissionError.UnexpectedProperty(name);
            }

            if (name.Equals(SubmissionProperties.Text, StringComparison.OrdinalIgnoreCase))
            {
                if (textElement is not null)
                {
                    return SubmissionError.TextDuplicated();
                }

                textElement = property.Value;
            }
            else if (name.Equals(SubmissionProperties.Model, StringComparison.OrdinalIgnoreCase))
            {
                if (modelElement is not null)
                {
                    return SubmissionError.ModelDuplicated();
                }

                modelElement = property.Value;
            }
        }

        if (textElement is not { } textValue)
        {
            return SubmissionError.TextMissing();
        }

        var text = ValidateText(textValue, maxTextLength);
        return text.IsValid ? SubmissionResult.Valid(text.Text, ReadModel(modelElement)) : text;
    }

    /// <summary>The model asked for: none when absent or null, otherwise a name or why the value is none.</summary>
    private static RequestedModel? ReadModel(JsonElement? element)
    {
        if (element is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return RequestedModel.Unusable($"must be a string; it is {SubmissionError.WithArticle(Describe(value.ValueKind))}");
        }

        string name;
        try
        {
            name = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // As with text: JsonDocument accepts ill-formed UTF-8 and lone surrogate escapes; only decoding finds them.
            return RequestedModel.Unusable("is not valid Unicode (invalid UTF-8 or an unpaired surrogate)");
        }

        return string.IsNullOrWhiteSpace(name) ? RequestedModel.Unusable("is blank") : RequestedModel.Named(name);
    }

    /// <summary>The property's name, or null when it is not valid Unicode.</summary>
    private static string? DecodeName(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            // As with values, JsonDocument accepts ill-formed UTF-8 and lone surrogate escapes in
            // names; only decoding finds them.
            return null;
        }
    }

    private static SubmissionResult ValidateText(JsonElement value, int maxTextLength)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return SubmissionError.TextNull();
            case JsonValueKind.String:
                break;
            default:
                return SubmissionError.TextNotString(Describe(value.ValueKind));
        }

        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // JsonDocument accepts ill-formed UTF-8 and lone surrogate escapes; only decoding finds them.
            return SubmissionError.TextInvalidUnicode();
        }

        // The pipeline's own rule, the one every consumer checks again: what it refuses here is never published.
        if (TextRules.Check(text) is { } violation)
        {
            return SubmissionError.TextBreaksRule(violation);
        }

        // The UTF-16 length bounds the character count from above: most texts need no counting.
        if (text.Length > maxTextLength && TextRules.CountCharacters(text) is var length && length > maxTextLength)
        {
            return SubmissionError.TextTooLong(length, maxTextLength);
        }

        return SubmissionResult.Valid(text);
    }

    private static SubmissionError MalformedJson(JsonException exception)
    {
        // The reader's message ends with its own zero-based position; the detail gives a one-based one.
        var reason = exception.Message;
        var position = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (position > 0)
        {
            reason = reason[..position];
        }

        return SubmissionError.MalformedJson((exception.LineNumber ?? 0) + 1, (exception.BytePositionInLine ?? 0) + 1, reason);
    }

    private static ReadOnlyMemory<byte> SkipByteOrderMark(ReadOnlyMemory<byte> body)
    {
        var bom = Encoding.UTF8.Preamble;
        return body.Span.StartsWith(bom) ? body[bom.Length..] : body;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
