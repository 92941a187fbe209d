using AiMesh.Ai.Models.Sentiment;
using AiMesh.Ai.Tests.Evaluation;

namespace AiMesh.Ai.Tests.Models.Sentiment;

public sealed class ScoreTests
{
    public static TheoryData<string> Texts() =>
    [
        "", "ok", "good", "bad", "not bad", "GREAT!!!", "terrible terrible terrible terrible terrible terrible!!!",
        "good bad good bad", "I love it but I hate it", string.Concat(Enumerable.Repeat("amazing ", 2000)),
        string.Concat(Enumerable.Repeat("awful! ", 2000)), ":) :( :) :(", "\0\uFFFF\uD800",
    ];

    [Theory]
    [MemberData(nameof(Texts))]
    public void TheScoreIsTheConfidenceInTheLabelBetweenAThirdAndOne(string text)
    {
        var prediction = Sentiment.Predict(text);

        Assert.InRange(prediction.Score, 1.0 / 3, 1.0);
        Assert.Contains(prediction.Label, new[] { SentimentLabels.Positive, SentimentLabels.Negative, SentimentLabels.Neutral });
    }

    [Fact]
    public void EveryEvaluationSentenceGetsAScoreInRange() =>
        Assert.All(EvaluationSet.Load(), item => Assert.InRange(Sentiment.Predict(item.Text).Score, 1.0 / 3, 1.0));

    [Fact]
    public void ATextRightAtTheNeutralMarginIsAboutEvenOdds()
    {
        var atMargin = SentimentDecision.Decide(new SentimentEvidence(SentimentDecision.NeutralMargin + 1e-9, 0));
        var noEvidence = SentimentDecision.Decide(new SentimentEvidence(0, 0));

        Assert.InRange(atMargin.Score, 0.45, 0.55);
        Assert.Equal(SentimentLabels.Neutral, noEvidence.Label);
        Assert.Equal(Math.Round(Math.Exp(2) / (Math.Exp(2) + 2), 4), noEvidence.Score);
    }

    [Fact]
    public void EvidenceOnBothSidesMakesATextLessClearlyEither()
    {
        var oneSided = SentimentDecision.Decide(new SentimentEvidence(3, 0));
        var mixed = SentimentDecision.Decide(new SentimentEvidence(5, 2));

        Assert.Equal(SentimentLabels.Positive, mixed.Label);
        Assert.True(mixed.Score < oneSided.Score, $"{mixed.Score} < {oneSided.Score}");
    }

    [Fact]
    public void ALongTextKeepsItsLabelWhenOneSideOutweighsTheOtherByMoreThanFiveToFour()
    {
        Assert.Equal(SentimentLabels.Positive, SentimentDecision.Decide(new SentimentEvidence(150, 100)).Label);
        Assert.Equal(SentimentLabels.Negative, SentimentDecision.Decide(new SentimentEvidence(100, 150)).Label);
        Assert.Equal(SentimentLabels.Neutral, SentimentDecision.Decide(new SentimentEvidence(110, 100)).Label);
    }

    [Fact]
    public void TheSameTextAlwaysGetsTheSameAnswerFromAnyInstance()
    {
        var other = new LexiconSentimentModel();
        foreach (var item in EvaluationSet.Load())
        {
            var first = Sentiment.Predict(item.Text);

            Assert.Equal(first, Sentiment.Predict(item.Text));
            Assert.Equal(first, other.Predict(item.Text));
        }
    }

    [Fact]
    public void LongTextsAreScoredLikeShortOnes()
    {
        // Past 1,024 characters the normalized copy moves from the stack to a pooled array.
        var padding = string.Concat(Enumerable.Repeat("The meeting is on Thursday. ", 700));

        Assert.Equal(SentimentLabels.Negative, Sentiment.Label(padding + "The product is terrible."));
        Assert.Equal(Sentiment.Net("The product is terrible."), Sentiment.Net(padding + "The product is terrible."), 6);
    }

    [Fact]
    public async Task PredictAsyncHonoursCancellation()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() => Sentiment.Model.PredictAsync("good", cancelled.Token).AsTask()).DefaultTimeout();
    }
}
