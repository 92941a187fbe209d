using System.Text.Json.Serialization;

namespace AiMesh.Web.Clients;

/// <summary>The body of Ingest's <c>POST /api/subscribe</c>.</summary>
/// <param name="Text">The text to classify or answer.</param>
/// <param name="Model">
/// The model to ask, a built-in or an LLM model; left out of the body when null, so Ingest picks its
/// default (and the classify page's requests stay exactly as they were).
/// </param>
public sealed record SubmitRequest(
    string Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Model = null)
{
    /// <summary>
    /// The longest text the pages let one type. Each keystroke sends the whole text over the circuit,
    /// whose messages are capped at 32 KB; 4,000 characters stay well under that, even escaped.
    /// </summary>
    public const int MaxTextLength = 4000;
}
