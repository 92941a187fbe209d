using AiMesh.Ingest.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AiMesh.Ingest.Tests.Http;

public sealed class RequestBodyLimitsTests
{
    [Fact]
    public void TheMinimumBodyRateAndGracePeriodComeFromTheOptions()
    {
        var limits = new KestrelServerLimits();

        RequestBodyLimits.Apply(limits, new IngestOptions { MinRequestBodyBytesPerSecond = 100, RequestBodyGracePeriod = TimeSpan.FromSeconds(3) });

        Assert.Equal(100, limits.MinRequestBodyDataRate!.BytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(3), limits.MinRequestBodyDataRate.GracePeriod);
    }

    [Fact]
    public void TheDefaultsCutABodyOffSoonerThanKestrelWould()
    {
        var limits = new KestrelServerLimits();
        var kestrelDefault = limits.MinRequestBodyDataRate!;

        RequestBodyLimits.Apply(limits, new IngestOptions());

        Assert.Equal(kestrelDefault.BytesPerSecond, limits.MinRequestBodyDataRate!.BytesPerSecond);
        Assert.True(limits.MinRequestBodyDataRate.GracePeriod < kestrelDefault.GracePeriod);
    }

    [Fact]
    public void ValuesKestrelWouldRefuseAreLeftForTheValidatorToReport()
    {
        var limits = new KestrelServerLimits();
        var kestrelDefault = limits.MinRequestBodyDataRate;

        RequestBodyLimits.Apply(limits, new IngestOptions { RequestBodyGracePeriod = TimeSpan.FromSeconds(1) });

        Assert.Same(kestrelDefault, limits.MinRequestBodyDataRate);
    }
}
