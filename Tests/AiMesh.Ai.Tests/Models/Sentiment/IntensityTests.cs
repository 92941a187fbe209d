using AiMesh.Ai.Models.Sentiment;

namespace AiMesh.Ai.Tests.Models.Sentiment;

public sealed class IntensityTests
{
    [Fact]
    public void IntensifiersStrengthenAndDowntonersWeakenTheNextSentimentWord()
    {
        var plain = Sentiment.Net("The delivery was late.");

        Assert.True(Sentiment.Net("The delivery was very late.") < plain);
        Assert.True(Sentiment.Net("The delivery was extremely late.") < Sentiment.Net("The delivery was very late."));
        Assert.InRange(Sentiment.Net("The delivery was slightly late."), plain + 0.01, -0.01);
        Assert.InRange(Sentiment.Net("The delivery was a bit late."), plain + 0.01, -0.01);
        Assert.InRange(Sentiment.Net("The delivery was kind of late."), plain + 0.01, -0.01);
    }

    [Fact]
    public void StrongerWordingRaisesTheConfidence()
    {
        var good = Sentiment.Predict("The phone is good.");
        var veryGood = Sentiment.Predict("The phone is very good.");
        var extremelyGood = Sentiment.Predict("The phone is extremely good!");

        Assert.All([good, veryGood, extremelyGood], prediction => Assert.Equal(SentimentLabels.Positive, prediction.Label));
        Assert.True(good.Score < veryGood.Score, $"{good.Score} < {veryGood.Score}");
        Assert.True(veryGood.Score < extremelyGood.Score, $"{veryGood.Score} < {extremelyGood.Score}");
    }

    [Fact]
    public void ModifiersStack() =>
        Assert.True(Sentiment.Net("It is very very good.") > Sentiment.Net("It is very good."));

    [Fact]
    public void AModifierReachesOnlyTheNextFewWords() =>
        Assert.Equal(Sentiment.Net("Old houses on this street look good."), Sentiment.Net("Very old houses on this street look good."), 6);

    [Fact]
    public void AWordThatCanModifyModifiesOnlyASentimentWord()
    {
        // "damn" is a mild curse on its own and an intensifier before a sentiment word.
        Assert.Equal(SentimentLabels.Positive, Sentiment.Label("That was damn good."));
        Assert.True(Sentiment.Net("That was damn good.") > Sentiment.Net("That was good."));
        Assert.Equal(SentimentLabels.Negative, Sentiment.Label("Damn, it broke again."));
    }

    [Fact]
    public void HyphenatedCompoundsAreOneEntryWrittenEitherWay()
    {
        Assert.Equal(SentimentLabels.Positive, Sentiment.Label("The service was top-notch."));
        Assert.Equal(Sentiment.Net("The service was top-notch."), Sentiment.Net("The service was top notch."), 6);
    }
}
