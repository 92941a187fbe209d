namespace AiMesh.Benchmarks.Verification;

/// <summary>
/// What became of every text accepted during the run, and why the results feed stopped, if it did
/// (Results drops a client that falls behind; every push after that counts as missing).
/// </summary>
internal sealed record DeliveryOutcome(int Accepted, int Stored, int WithoutRow, int WithoutPush, int Lost, int Duplicated, string? FeedFailure);
