using AiMesh.Contracts;
using AiMesh.Ingest.Backpressure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AiMesh.Ingest.Tests.Backpressure;

public sealed class PipelineBackpressureTests
{
    private static readonly PipelineStage s_inference = new(PipelineStage.InferenceName, Topics.Data, ConsumerGroups.Inference);
    private static readonly PipelineStage s_results = new(PipelineStage.ResultsName, Topics.Results, ConsumerGroups.Results);

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void NothingIsRefusedBeforeTheLagHasBeenRead()
    {
        var state = Backpressure().Current;

        Assert.False(state.RefusesTexts);
        Assert.Null(state.Reading);
        Assert.NotNull(state.Unreadable);
    }

    [Fact]
    public void ALagAboveTheBoundRefusesTextsAndOneAtTheBoundDoesNot()
    {
        var atBound = Backpressure();
        atBound.OnRead(Reading(100, 0));
        var above = Backpressure();
        above.OnRead(Reading(100, 1));

        Assert.False(atBound.Current.RefusesTexts);
        Assert.True(above.Current.RefusesTexts);
    }

    [Fact]
    public void TheStagesLagsAreSummed()
    {
        var backpressure = Backpressure();

        backpressure.OnRead(Reading(60, 41));

        Assert.Equal(101, backpressure.Current.Reading!.Total);
        Assert.True(backpressure.Current.RefusesTexts);
    }

    [Fact]
    public void OnceRefusingTextsAreRefusedUntilTheLagIsBackAtTheResumeLevel()
    {
        var backpressure = Backpressure();
        backpressure.OnRead(Reading(150, 0));

        backpressure.OnRead(Reading(76, 0));
        Assert.True(backpressure.Current.RefusesTexts);

        backpressure.OnRead(Reading(75, 0));
        Assert.False(backpressure.Current.RefusesTexts);

        // Between the levels, coming from below: accepted.
        backpressure.OnRead(Reading(90, 0));
        Assert.False(backpressure.Current.RefusesTexts);
    }

    [Fact]
    public void ALagThatCannotBeReadRefusesNothingAndTheRefusalResumesWithTheNextReading()
    {
        var backpressure = Backpressure();
        backpressure.OnRead(Reading(150, 0));

        backpressure.OnUnreadable("Kafka did not give the committed offsets.", reportedElsewhere: false);

        var unreadable = backpressure.Current;
        Assert.False(unreadable.RefusesTexts);
        Assert.Equal("Kafka did not give the committed offsets.", unreadable.Unreadable);
        Assert.Equal(150, unreadable.Reading!.Total);

        backpressure.OnRead(Reading(90, 0));
        Assert.True(backpressure.Current.RefusesTexts);
        Assert.Null(backpressure.Current.Unreadable);
    }

    [Fact]
    public void RetryAfterIsTheTimeToDrainToTheResumeLevelAtTheRateSeenLately()
    {
        var backpressure = Backpressure();
        backpressure.OnRead(Reading(1075, 0));
        _time.Advance(TimeSpan.FromSeconds(2));

        // 1075 -> 675 in 2 s is 200 a second; 600 more to go to the resume level of 75 take 3 s.
        backpressure.OnRead(Reading(675, 0));

        Assert.Equal(200, backpressure.Current.DrainPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(3), backpressure.Current.RetryAfter);
    }

    [Fact]
    public void RetryAfterIsAtLeastOneSecondAndAtMostItsCap()
    {
        var fast = Backpressure();
        fast.OnRead(Reading(100_000, 0));
        _time.Advance(TimeSpan.FromSeconds(1));
        fast.OnRead(Reading(101, 0));

        var slow = Backpressure();
        slow.OnRead(Reading(100_000, 0));
        _time.Advance(TimeSpan.FromSeconds(1));
        slow.OnRead(Reading(99_999, 0));

        Assert.Equal(PipelineLagState.ShortestRetryAfter, fast.Current.RetryAfter);
        Assert.Equal(PipelineLagState.LongestRetryAfter, slow.Current.RetryAfter);
    }

    [Fact]
    public void RetryAfterFallsBackToAFixedWaitWhileTheLagIsNotSeenShrinking()
    {
        var backpressure = Backpressure();
        backpressure.OnRead(Reading(500, 0));
        Assert.Null(backpressure.Current.DrainPerSecond);
        Assert.Equal(PipelineLagState.RetryAfterWithoutDrain, backpressure.Current.RetryAfter);

        _time.Advance(TimeSpan.FromSeconds(2));
        backpressure.OnRead(Reading(600, 0));

        Assert.True(backpressure.Current.DrainPerSecond < 0);
        Assert.Equal(PipelineLagState.RetryAfterWithoutDrain, backpressure.Current.RetryAfter);
    }

    [Fact]
    public void TheDrainRateLooksOnlyAsFarBackAsItsWindow()
    {
        var backpressure = Backpressure();
        backpressure.OnRead(Reading(10_000, 0));
        _time.Advance(TimeSpan.FromMinutes(1));
        backpressure.OnRead(Reading(1_000, 0));
        _time.Advance(TimeSpan.FromSeconds(2));

        backpressure.OnRead(Reading(800, 0));

        // Only the last two readings are within the window: 200 in 2 s.
        Assert.Equal(100, backpressure.Current.DrainPerSecond);
    }

    private PipelineBackpressure Backpressure() =>
        new(Options.Create(new BackpressureOptions { MaxLag = 100, ResumeLag = 75 }), _time, NullLogger<PipelineBackpressure>.Instance);

    private PipelineLagReading Reading(long inference, long results) =>
        new([new StageLag(s_inference, 4, inference), new StageLag(s_results, 4, results)], _time.GetUtcNow());
}
