namespace AiMesh.Web.Chat;

/// <summary>One model in the chat's picker.</summary>
/// <param name="Name">The name the message is sent with.</param>
/// <param name="Label">What the picker shows.</param>
/// <param name="IsLlm">Whether it is an LLM model, whose answer streams, rather than a built-in one.</param>
/// <param name="Enabled">Whether it can be picked: false for an unavailable LLM model.</param>
/// <param name="Description">What it does, in one line, from the model itself.</param>
/// <param name="Note">What the person should know before picking it: why it is unavailable, its last failure.</param>
public sealed record ModelChoice(string Name, string Label, bool IsLlm, bool Enabled, string? Description, string? Note);
