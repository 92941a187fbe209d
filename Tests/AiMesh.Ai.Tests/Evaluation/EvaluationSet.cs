namespace AiMesh.Ai.Tests.Evaluation;

/// <summary>Reads <c>sentiment-eval.tsv</c> (label&lt;TAB&gt;text, '#' comment lines) from the test output.</summary>
internal static class EvaluationSet
{
    public const string FileName = "sentiment-eval.tsv";

    public static IReadOnlyList<LabeledText> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Evaluation", FileName);
        var items = new List<LabeledText>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length != 2 || string.IsNullOrWhiteSpace(fields[1]))
            {
                throw new FormatException($"{FileName}, line {lineNumber}: expected 'label<TAB>text'.");
            }

            items.Add(new LabeledText(fields[0], fields[1], lineNumber));
        }

        return items;
    }
}
