using System.Diagnostics;
using AiMesh.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Trace;

namespace AiMesh.ServiceDefaults.Tests.Telemetry;

public sealed class RateLimitedSamplerTests
{
    [Fact]
    public void TracesUpToTheRateAreKeptAndTheRestDropped()
    {
        var clock = new FakeTimeProvider();
        var sampler = new RateLimitedSampler(tracesPerSecond: 5, clock);

        var decisions = Enumerable.Range(0, 8).Select(_ => Decide(sampler)).ToList();

        Assert.Equal(5, decisions.Count(decision => decision == SamplingDecision.RecordAndSample));
        Assert.Equal(SamplingDecision.Drop, decisions[^1]);
    }

    [Fact]
    public void TheAllowanceComesBackWithTimeButNeverBeyondOneSecondsWorth()
    {
        var clock = new FakeTimeProvider();
        var sampler = new RateLimitedSampler(tracesPerSecond: 4, clock);
        for (var i = 0; i < 4; i++)
        {
            Decide(sampler);
        }

        clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(sampler));
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(sampler));
        Assert.Equal(SamplingDecision.Drop, Decide(sampler));

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(4, Enumerable.Range(0, 10).Count(_ => Decide(sampler) == SamplingDecision.RecordAndSample));
    }

    [Fact]
    public void InsideParentBasedAChildFollowsItsParentWhateverTheRate()
    {
        var clock = new FakeTimeProvider();
        var sampler = new ParentBasedSampler(new RateLimitedSampler(tracesPerSecond: 1, clock));
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(sampler));
        Assert.Equal(SamplingDecision.Drop, Decide(sampler));

        var sampledParent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        var droppedParent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true);

        Assert.Equal(SamplingDecision.RecordAndSample, Decide(sampler, sampledParent));
        Assert.Equal(SamplingDecision.Drop, Decide(sampler, droppedParent));
    }

    private static SamplingDecision Decide(Sampler sampler, ActivityContext parent = default) =>
        sampler.ShouldSample(new SamplingParameters(parent, ActivityTraceId.CreateRandom(), "POST /api/subscribe", ActivityKind.Server)).Decision;
}
