using System.Buffers.Binary;

namespace AiMesh.Ai.Models.Linear;

/// <summary>
/// Multinomial logistic regression: one weight per feature and label plus a bias per label; the
/// probabilities are the softmax of the labels' scores. Immutable, so safe for concurrent use.
/// </summary>
public sealed class LinearClassifier
{
    private const uint Magic = 0x4C4D4941; // "AIML", little-endian
    private const int FormatVersion = 1;

    private readonly float[] _weights; // [label * FeatureCount + feature]
    private readonly float[] _bias;

    public LinearClassifier(IReadOnlyList<string> labels, int featureCount, float[] weights, float[] bias)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        ArgumentOutOfRangeException.ThrowIfLessThan(labels.Count, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        if (weights.Length != labels.Count * featureCount || bias.Length != labels.Count)
        {
            throw new ArgumentException($"Expected {labels.Count} × {featureCount} weights and {labels.Count} biases; got {weights.Length} and {bias.Length}.");
        }

        Labels = [.. labels];
        FeatureCount = featureCount;
        _weights = weights;
        _bias = bias;
    }

    public IReadOnlyList<string> Labels { get; }

    public int FeatureCount { get; }

    /// <summary>The probability of each label, in <see cref="Labels"/> order.</summary>
    public double[] Probabilities(FeatureVector features)
    {
        var scores = new double[Labels.Count];
        for (var label = 0; label < scores.Length; label++)
        {
            var offset = label * FeatureCount;
            double score = _bias[label];
            for (var i = 0; i < features.Indices.Length; i++)
            {
                score += _weights[offset + features.Indices[i]] * (double)features.Values[i];
            }

            scores[label] = score;
        }

        return Softmax(scores);
    }

    /// <summary>The most probable label and its probability.</summary>
    public ModelPrediction Predict(FeatureVector features)
    {
        var probabilities = Probabilities(features);
        var best = 0;
        for (var label = 1; label < probabilities.Length; label++)
        {
            if (probabilities[label] > probabilities[best])
            {
                best = label;
            }
        }

        return new ModelPrediction(Labels[best], Math.Clamp(probabilities[best], 0, 1));
    }

    /// <summary>The weights as bytes: a small header, then float32 little-endian weights and biases.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[16 + (4 * (_weights.Length + _bias.Length))];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), Labels.Count);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), FeatureCount);
        var at = 16;
        foreach (var value in _weights.Concat(_bias))
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(at), value);
            at += 4;
        }

        return bytes;
    }

    /// <summary>Reads what <see cref="ToBytes"/> wrote, for the given labels.</summary>
    public static LinearClassifier FromBytes(ReadOnlySpan<byte> bytes, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (bytes.Length < 16 || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic || BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]) != FormatVersion)
        {
            throw new InvalidDataException("Not a linear classifier's weights (wrong header).");
        }

        var labelCount = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        var featureCount = BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
        if (labelCount != labels.Count || featureCount < 1 || bytes.Length != 16 + (4L * labelCount * (featureCount + 1)))
        {
            throw new InvalidDataException($"The weights are for {labelCount} labels and {featureCount} features; {labels.Count} labels were expected, and the size does not fit.");
        }

        var weights = new float[labelCount * featureCount];
        var bias = new float[labelCount];
        var at = 16;
        for (var i = 0; i < weights.Length; i++, at += 4)
        {
            weights[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[at..]);
        }

        for (var i = 0; i < bias.Length; i++, at += 4)
        {
            bias[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[at..]);
        }

        return new LinearClassifier(labels, featureCount, weights, bias);
    }

    internal static double[] Softmax(double[] scores)
    {
        var max = scores.Max();
        var exponentials = scores.Select(score => Math.Exp(score - max)).ToArray();
        var sum = exponentials.Sum();
        return [.. exponentials.Select(value => value / sum)];
    }
}
