namespace AiMesh.Ai.Models.Linear;

/// <summary>A feature vector stored sparsely: the features present and their values, in any order.</summary>
/// <param name="Indices">Feature numbers, each below the model's feature count.</param>
/// <param name="Values">The value of each feature in <paramref name="Indices"/>.</param>
public readonly record struct FeatureVector(int[] Indices, float[] Values)
{
    /// <summary>A dense vector (an embedding) as features 0 to its length − 1.</summary>
    public static FeatureVector Dense(float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new FeatureVector([.. Enumerable.Range(0, values.Length)], values);
    }
}
