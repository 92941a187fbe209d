using System.Text.Json.Serialization;

namespace AiMesh.Web.Chat;

/// <summary>Where one message of the conversation stands; the page shows it lower-cased in <c>data-state</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChatEntryState>))]
public enum ChatEntryState
{
    /// <summary>Posted to Ingest, which has not answered yet.</summary>
    Sending,

    /// <summary>Ingest accepted it with an id; nothing of the answer has arrived.</summary>
    Accepted,

    /// <summary>An LLM answer is arriving piece by piece.</summary>
    Streaming,

    /// <summary>Its result arrived: the whole answer, or a built-in model's label and score.</summary>
    Complete,

    /// <summary>Ingest refused it or could not be reached; the error says which.</summary>
    Failed,
}
