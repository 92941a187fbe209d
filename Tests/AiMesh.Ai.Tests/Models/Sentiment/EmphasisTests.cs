using AiMesh.Ai.Models.Sentiment;

namespace AiMesh.Ai.Tests.Models.Sentiment;

public sealed class EmphasisTests
{
    [Fact]
    public void TheBriefsExampleIsNegative() =>
        Assert.Equal(SentimentLabels.Negative, Sentiment.Label("This product is terrible!"));

    [Fact]
    public void ExclamationMarksStrengthenTheirSentenceUpToThree()
    {
        var plain = Sentiment.Net("This product is terrible.");
        var one = Sentiment.Net("This product is terrible!");
        var three = Sentiment.Net("This product is terrible!!!");

        Assert.True(one < plain, $"{one} < {plain}");
        Assert.True(three < one, $"{three} < {one}");
        Assert.Equal(three, Sentiment.Net("This product is terrible!!!!!!!"), 6);
    }

    [Fact]
    public void AWordInCapitalsCountsMore()
    {
        Assert.True(Sentiment.Net("This is GREAT.") > Sentiment.Net("This is great."));
        Assert.True(Sentiment.Net("This is VERY good.") > Sentiment.Net("This is very good."));
    }

    [Fact]
    public void ATextAllInCapitalsIsNotShoutingEveryWord()
    {
        var allCapitals = Sentiment.Net("THIS IS GREAT.");

        Assert.Equal(SentimentLabels.Positive, Sentiment.Label("THIS IS GREAT."));
        Assert.InRange(allCapitals, Sentiment.Net("this is great.") + 0.01, Sentiment.Net("this is GREAT.") - 0.01);
    }

    [Fact]
    public void StretchedWordsAreRecognizedAndCountMore()
    {
        Assert.Equal(SentimentLabels.Positive, Sentiment.Label("It was gooood"));
        Assert.True(Sentiment.Net("It was gooood") > Sentiment.Net("It was good"));
        Assert.True(Sentiment.Net("It was sooo good") > Sentiment.Net("It was so good"));
    }

    [Theory]
    [InlineData("Love it :)", SentimentLabels.Positive)]
    [InlineData("arrived today :-D", SentimentLabels.Positive)]
    [InlineData("arrived today :(", SentimentLabels.Negative)]
    [InlineData("arrived today 😀", SentimentLabels.Positive)]
    [InlineData("arrived today 😡", SentimentLabels.Negative)]
    [InlineData("arrived today ❤️", SentimentLabels.Positive)]
    [InlineData("arrived today 👍🏽", SentimentLabels.Positive)]
    public void EmoticonsAndEmojiCarrySentiment(string text, string expected) =>
        Assert.Equal(expected, Sentiment.Label(text));

    [Fact]
    public void EmoticonLookalikesInsideWordsAndAddressesAreIgnored() =>
        Assert.Equal(0, Sentiment.Net("See http://example.com/docs and f(x):x for the details."));
}
