using AiMesh.Ai.Models.Sentiment;

namespace AiMesh.Ai.Tests.Models.Sentiment;

public sealed class ContrastTests
{
    [Theory]
    [InlineData("The food was great, but the service was terrible.", SentimentLabels.Negative)]
    [InlineData("The service was terrible, but the food was great.", SentimentLabels.Positive)]
    [InlineData("The food was great. But the service was terrible.", SentimentLabels.Negative)]
    [InlineData("The food was great. However, the service was terrible.", SentimentLabels.Negative)]
    [InlineData("The screen is sharp, but the battery is poor.", SentimentLabels.Negative)]
    public void TheClauseAfterAContrastDecides(string text, string expected) =>
        Assert.Equal(expected, Sentiment.Label(text));

    [Fact]
    public void TheClauseAfterButWeighsMoreThanTheSameClauseAlone() =>
        Assert.True(Sentiment.Net("It was slow, but the staff were friendly.") > Sentiment.Net("the staff were friendly.") + Sentiment.Net("It was slow"));

    [Theory]
    [InlineData("Although the room was small and noisy, the staff were wonderful.", SentimentLabels.Positive)]
    [InlineData("The staff were lovely, although the room was noisy.", SentimentLabels.Positive)]
    [InlineData("Despite the terrible weather, we had a great time.", SentimentLabels.Positive)]
    public void AConcededClauseCountsLess(string text, string expected) =>
        Assert.Equal(expected, Sentiment.Label(text));

    [Fact]
    public void ButAlsoIsNoContrast() =>
        Assert.Equal(Sentiment.Net("The room was clean and also quiet."), Sentiment.Net("The room was clean but also quiet."), 6);

    [Fact]
    public void EvenlyMixedPraiseAndBlameIsNeutral() =>
        Assert.Equal(SentimentLabels.Neutral, Sentiment.Label("Some dishes were good and some were bad."));
}
