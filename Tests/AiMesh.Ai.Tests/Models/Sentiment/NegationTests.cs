using AiMesh.Ai.Models.Sentiment;

namespace AiMesh.Ai.Tests.Models.Sentiment;

public sealed class NegationTests
{
    [Theory]
    [InlineData("The food was good.", SentimentLabels.Positive)]
    [InlineData("The food was not good.", SentimentLabels.Negative)]
    [InlineData("The room isn't clean.", SentimentLabels.Negative)]
    [InlineData("The room isn\u2019t clean.", SentimentLabels.Negative)]
    [InlineData("The room isnt clean.", SentimentLabels.Negative)]
    [InlineData("The staff don't seem friendly.", SentimentLabels.Negative)]
    [InlineData("I was never disappointed.", SentimentLabels.Positive)]
    [InlineData("It was not bad.", SentimentLabels.Positive)]
    [InlineData("The refund came without any hassle.", SentimentLabels.Positive)]
    [InlineData("The soup lacks flavor and is hardly tasty.", SentimentLabels.Negative)]
    public void ANegatorFlipsTheSentimentWordsItReaches(string text, string expected) =>
        Assert.Equal(expected, Sentiment.Label(text));

    [Fact]
    public void ANegatedWordCountsLessThanItsOpposite()
    {
        // "not bad" is faint praise, not the same as "good"; "not good" is weaker than "bad".
        Assert.InRange(Sentiment.Net("It was not bad."), 0.01, Sentiment.Net("It was good.") - 0.01);
        Assert.InRange(Sentiment.Net("It was not good."), Sentiment.Net("It was bad.") + 0.01, -0.01);
    }

    [Fact]
    public void NegationStopsAtAClauseBreak() =>
        Assert.Equal(SentimentLabels.Positive, Sentiment.Label("No, the food was great."));

    [Fact]
    public void NegationReachesOnlyAFewWords()
    {
        var far = Sentiment.Net("I did not expect that after all these years the food would still be great.");

        Assert.Equal(Sentiment.Net("great"), far, 6);
    }

    [Theory]
    [InlineData("The hotel was not only clean but also quiet.", "The hotel was clean and quiet.")]
    [InlineData("It is not just fast, it is reliable.", "It is fast, it is reliable.")]
    public void NotOnlyAndNotJustAreNoNegation(string text, string plain) =>
        Assert.Equal(Sentiment.Net(plain), Sentiment.Net(text), 6);

    [Fact]
    public void NothingButMeansOnly() =>
        Assert.Equal(SentimentLabels.Negative, Sentiment.Label("We had nothing but problems."));
}
