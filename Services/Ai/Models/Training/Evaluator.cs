namespace AiMesh.Ai.Models.Training;

/// <summary>Measures predictions against a labelled set: accuracy, and recall per label.</summary>
public static class Evaluator
{
    public static ModelEvaluation Evaluate(SentimentDataSet dataSet, IReadOnlyList<ModelPrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(dataSet);
        ArgumentNullException.ThrowIfNull(predictions);
        if (predictions.Count != dataSet.Sentences.Count)
        {
            throw new ArgumentException("One prediction per sentence is needed.");
        }

        var correct = 0;
        var recall = new Dictionary<string, double>();
        foreach (var label in SentimentLabelSet.Labels)
        {
            var withLabel = Enumerable.Range(0, predictions.Count).Where(i => dataSet.Sentences[i].Label == label).ToList();
            var right = withLabel.Count(i => predictions[i].Label == label);
            correct += right;
            recall[label] = withLabel.Count == 0 ? 0 : Math.Round((double)right / withLabel.Count, 4);
        }

        return new ModelEvaluation(dataSet.Name, predictions.Count, Math.Round((double)correct / predictions.Count, 4), recall);
    }
}
