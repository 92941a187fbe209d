namespace AiMesh.Web.Chat;

/// <summary>What the tab keeps of the chat across reloads.</summary>
/// <param name="Model">The model picked last; null for the default.</param>
/// <param name="Entries">The conversation, oldest first.</param>
public sealed record SavedConversation(string? Model, IReadOnlyList<ChatEntry> Entries);
