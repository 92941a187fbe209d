using AiMesh.Ai.Models.Sentiment;

namespace AiMesh.Ai.Tests.Models.Sentiment;

public sealed class NeutralTextTests
{
    [Theory]
    [InlineData("The train leaves at 9:15 from platform 4.")]
    [InlineData("Water boils at 100 degrees Celsius at sea level.")]
    [InlineData("The report has three sections and an appendix.")]
    [InlineData("The API returns JSON over HTTPS.")]
    [InlineData("What time does the pharmacy close on Saturdays?")]
    [InlineData("She moved to Oslo in 2021 and works for a bank.")]
    public void PlainStatementsAndQuestionsAreNeutral(string text) =>
        Assert.Equal(SentimentLabels.Neutral, Sentiment.Label(text));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\n\t")]
    [InlineData("...")]
    [InlineData("!!!")]
    [InlineData("12345")]
    [InlineData("?!,; ( ) - \"\" &")]
    [InlineData("\u2063\uFE0F")]
    public void TextWithoutWordsIsNeutralWithTheNoEvidenceConfidence(string text)
    {
        var prediction = Sentiment.Predict(text);

        Assert.Equal(SentimentLabels.Neutral, prediction.Label);
        Assert.Equal(Sentiment.Predict("The box is blue.").Score, prediction.Score);
    }

    [Fact]
    public void ANullTextIsRefused() =>
        Assert.Throws<ArgumentNullException>(() => Sentiment.Model.PredictAsync(null!, TestContext.Current.CancellationToken));
}
