using System.Security.Cryptography;

namespace AiMesh.Ai.Models.Training;

/// <summary>
/// A sentiment data set file: <c>label&lt;TAB&gt;domain&lt;TAB&gt;text</c> per line, <c>#</c> comment lines.
/// Labels must be one of <see cref="SentimentLabelSet.Labels"/>.
/// </summary>
public sealed record SentimentDataSet(string Name, string Sha256, IReadOnlyList<LabeledSentence> Sentences)
{
    public static SentimentDataSet Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);

        var bytes = File.ReadAllBytes(path);
        var sentences = new List<LabeledSentence>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length != 3 || string.IsNullOrWhiteSpace(fields[2]) || !SentimentLabelSet.Labels.Contains(fields[0]))
            {
                throw new FormatException($"{Path.GetFileName(path)}, line {lineNumber}: expected 'label<TAB>domain<TAB>text' with a label of {string.Join(", ", SentimentLabelSet.Labels)}.");
            }

            sentences.Add(new LabeledSentence(fields[0], fields[1], fields[2]));
        }

        return new SentimentDataSet(Path.GetFileName(path), Convert.ToHexStringLower(SHA256.HashData(bytes)), sentences);
    }
}
