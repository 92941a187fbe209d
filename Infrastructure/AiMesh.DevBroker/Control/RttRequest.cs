namespace AiMesh.DevBroker.Control;

/// <summary>The body of <c>POST /brokers/{id}/rtt</c>: the delay to add to each response, 0 for none.</summary>
public sealed record RttRequest(int? Ms);
