namespace AiMesh.Benchmarks.Alone;

/// <summary>The model's own speed: texts a second, and the batch size and concurrent callers it was reached with.</summary>
internal sealed record ModelAloneResult(string Model, double TextsPerSecond, int BatchSize, int Callers);
