namespace AiMesh.Web.Feed;

/// <summary>An LLM answer as far as it has arrived: what <see cref="AnswersFeed"/> hands to pages.</summary>
/// <param name="Id">The text's id.</param>
/// <param name="Model">The model answering.</param>
/// <param name="Text">The pieces from the first on, in order, up to the first one still missing.</param>
/// <param name="WaitingPieces">Pieces that came after a gap and wait for it to fill.</param>
/// <param name="Revision">
/// Grows with every change to any answer in the process: a page that gets two drafts of one answer
/// from different threads keeps the higher one. A restart at 0 is a change, so a shorter text can
/// have a higher revision.
/// </param>
public sealed record AnswerDraft(Guid Id, string Model, string Text, int WaitingPieces, long Revision);
