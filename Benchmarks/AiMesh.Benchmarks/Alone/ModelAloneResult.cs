namespace AiMesh.Benchmarks.Alone;

/// <summary>The model's own speed: texts a second, with how many concurrent batch callers it was reached.</summary>
internal sealed record ModelAloneResult(string Model, double TextsPerSecond, int Callers);
