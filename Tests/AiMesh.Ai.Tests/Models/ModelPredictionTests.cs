using AiMesh.Ai.Models;

namespace AiMesh.Ai.Tests.Models;

public sealed class ModelPredictionTests
{
    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void AScoreOutsideZeroToOneIsRefused(double score) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ModelPrediction("positive", score));

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void AnEmptyLabelIsRefused(string label) =>
        Assert.Throws<ArgumentException>(() => new ModelPrediction(label, 0.5));
}
