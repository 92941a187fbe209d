using System.Text;

namespace AiMesh.Ai.Tests.Evaluation;

/// <summary>Counts of (expected, predicted) label pairs, with accuracy and per-class recall.</summary>
internal sealed class ConfusionMatrix(IReadOnlyList<string> labels)
{
    private readonly Dictionary<(string Expected, string Predicted), int> _counts = [];

    public IReadOnlyList<string> Labels { get; } = labels;

    public int Total { get; private set; }

    public int Correct { get; private set; }

    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    public void Add(string expected, string predicted)
    {
        if (!Labels.Contains(expected) || !Labels.Contains(predicted))
        {
            throw new ArgumentException($"Unknown label in ({expected}, {predicted}); the labels are {string.Join(", ", Labels)}.");
        }

        _counts[(expected, predicted)] = Count(expected, predicted) + 1;
        Total++;
        Correct += expected == predicted ? 1 : 0;
    }

    public int Count(string expected, string predicted) => _counts.GetValueOrDefault((expected, predicted));

    /// <summary>Of the texts labeled <paramref name="label"/>, the share the model also labeled so.</summary>
    public double Recall(string label)
    {
        var expected = Labels.Sum(predicted => Count(label, predicted));
        return expected == 0 ? 0 : (double)Count(label, label) / expected;
    }

    /// <summary>Of the texts the model labeled <paramref name="label"/>, the share that were so.</summary>
    public double Precision(string label)
    {
        var predicted = Labels.Sum(expected => Count(expected, label));
        return predicted == 0 ? 0 : (double)Count(label, label) / predicted;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine($"{"expected \\ predicted",-22}{string.Concat(Labels.Select(label => $"{label,10}"))}{"recall",10}");
        foreach (var expected in Labels)
        {
            text.AppendLine($"{expected,-22}{string.Concat(Labels.Select(predicted => $"{Count(expected, predicted),10}"))}{Recall(expected),10:P1}");
        }

        text.AppendLine($"{"precision",-22}{string.Concat(Labels.Select(label => $"{Precision(label),10:P1}"))}");
        return text.ToString();
    }
}
