using AiMesh.Ai.Models.Linear;

namespace AiMesh.Ai.Models.Training;

/// <summary>
/// Trains a <see cref="LinearClassifier"/> by minimising cross-entropy with per-example AdaGrad steps
/// and L2 weight decay on the weights an example touches. Single-threaded with a seeded shuffle, in
/// double precision: the same data and settings give the same weights, bit for bit, every time.
/// </summary>
public static class SoftmaxTrainer
{
    private const double Epsilon = 1e-8;

    public static LinearClassifier Train(
        IReadOnlyList<FeatureVector> examples,
        IReadOnlyList<int> labels,
        IReadOnlyList<string> labelNames,
        int featureCount,
        TrainerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(labelNames);
        ArgumentNullException.ThrowIfNull(settings);
        if (examples.Count != labels.Count || examples.Count == 0)
        {
            throw new ArgumentException("Every example needs exactly one label, and there must be examples.");
        }

        var classes = labelNames.Count;
        var weights = new double[classes * featureCount];
        var bias = new double[classes];
        var weightSquares = new double[weights.Length];
        var biasSquares = new double[classes];
        var order = Enumerable.Range(0, examples.Count).ToArray();
        var random = new Random(settings.Seed);
        var scores = new double[classes];

        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var index in order)
            {
                var example = examples[index];
                for (var label = 0; label < classes; label++)
                {
                    var offset = label * featureCount;
                    var score = bias[label];
                    for (var i = 0; i < example.Indices.Length; i++)
                    {
                        score += weights[offset + example.Indices[i]] * example.Values[i];
                    }

                    scores[label] = score;
                }

                var probabilities = LinearClassifier.Softmax(scores);
                for (var label = 0; label < classes; label++)
                {
                    var error = probabilities[label] - (labels[index] == label ? 1 : 0);
                    var offset = label * featureCount;
                    for (var i = 0; i < example.Indices.Length; i++)
                    {
                        var at = offset + example.Indices[i];
                        var gradient = (error * example.Values[i]) + (settings.L2 * weights[at]);
                        weightSquares[at] += gradient * gradient;
                        weights[at] -= settings.LearningRate * gradient / (Math.Sqrt(weightSquares[at]) + Epsilon);
                    }

                    biasSquares[label] += error * error;
                    bias[label] -= settings.LearningRate * error / (Math.Sqrt(biasSquares[label]) + Epsilon);
                }
            }
        }

        return new LinearClassifier(labelNames, featureCount, [.. weights.Select(value => (float)value)], [.. bias.Select(value => (float)value)]);
    }
}
