using AiMesh.Ai.Models.Fast;
using AiMesh.Ai.Models.Linear;

namespace AiMesh.Ai.Models.Neural;

/// <summary>
/// How the accurate model decides: the probabilities of the head over the sentence embedding and those
/// of the n-gram model, averaged. The two see a text differently (meaning, wording) and err on
/// different texts; where one has little to go on (words it never saw), its probabilities are flat and
/// the other decides.
/// </summary>
internal sealed class SentimentEnsemble(LinearClassifier head, LinearClassifier ngrams, NGramFeaturizer featurizer)
{
    public IReadOnlyList<string> Labels => head.Labels;

    public ModelPrediction Predict(float[] embedding, string text)
    {
        var fromMeaning = head.Probabilities(FeatureVector.Dense(embedding));
        var fromWords = ngrams.Probabilities(featurizer.Featurize(text));
        var best = 0;
        var probabilities = new double[fromMeaning.Length];
        for (var label = 0; label < probabilities.Length; label++)
        {
            probabilities[label] = (fromMeaning[label] + fromWords[label]) / 2;
            if (probabilities[label] > probabilities[best])
            {
                best = label;
            }
        }

        return new ModelPrediction(head.Labels[best], Math.Clamp(probabilities[best], 0, 1));
    }
}
