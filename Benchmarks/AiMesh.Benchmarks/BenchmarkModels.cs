namespace AiMesh.Benchmarks;

/// <summary>The built-in models the passes name: the fast n-gram model, and the accurate default (null: none named).</summary>
internal static class BenchmarkModels
{
    public const string Fast = "sentiment-fast";

    public const string Accurate = "sentiment";

    /// <summary>What the accurate passes send as the model: nothing, so Inference's default runs, as for most texts.</summary>
    public const string? AccurateRequested = null;
}
