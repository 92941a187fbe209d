using AiMesh.Ai.Models;
using AiMesh.Ai.Models.Sentiment;

namespace AiMesh.Ai.Tests.Models.Sentiment;

/// <summary>One model for the sentiment tests (it is immutable, so sharing it is what production does too).</summary>
internal static class Sentiment
{
    public static LexiconSentimentModel Model { get; } = new();

    public static ModelPrediction Predict(string text) => Model.Predict(text);

    public static string Label(string text) => Model.Predict(text).Label;

    /// <summary>Positive minus negative evidence: the lean of the text before it becomes a label.</summary>
    public static double Net(string text) => Model.Analyze(text).Net;
}
