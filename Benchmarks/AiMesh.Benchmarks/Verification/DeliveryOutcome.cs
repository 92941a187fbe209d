namespace AiMesh.Benchmarks.Verification;

/// <summary>What became of every text accepted during the run.</summary>
internal sealed record DeliveryOutcome(int Accepted, int Stored, int WithoutRow, int WithoutPush, int Lost, int Duplicated);
