using AiMesh.Ingest.Backpressure;

namespace AiMesh.Ingest.Tests.Backpressure;

public sealed class BackpressureOptionsValidatorTests
{
    private static readonly BackpressureOptionsValidator s_validator = new();

    [Fact]
    public void TheDefaultsAreValidAndResumeAtThreeQuartersOfTheBound()
    {
        var options = new BackpressureOptions();

        Assert.True(s_validator.Validate(null, options).Succeeded);
        Assert.Equal(20_000, options.MaxLag);
        Assert.Null(options.ResumeLag);
        Assert.Equal(15_000, options.ResumeLagOrDefault);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.CheckInterval);
        Assert.Equal("inference", options.InferenceGroup);
        Assert.Equal("results", options.ResultsGroup);
    }

    [Fact]
    public void AConfiguredResumeLevelWinsOverTheDefaultShare()
    {
        Assert.Equal(10, new BackpressureOptions { MaxLag = 50, ResumeLag = 10 }.ResumeLagOrDefault);
        Assert.Equal(37, new BackpressureOptions { MaxLag = 50 }.ResumeLagOrDefault);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void ABoundThatIsNotPositiveFailsNamingTheKey(long maxLag)
    {
        var result = s_validator.Validate(null, new BackpressureOptions { MaxLag = maxLag });

        Assert.True(result.Failed);
        Assert.Contains("Ingest:Backpressure:MaxLag", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void AResumeLevelOutsideZeroToTheBoundFailsNamingTheKey(long resumeLag)
    {
        var result = s_validator.Validate(null, new BackpressureOptions { MaxLag = 100, ResumeLag = resumeLag });

        Assert.True(result.Failed);
        Assert.Contains("Ingest:Backpressure:ResumeLag", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void AResumeLevelFromZeroToTheBoundIsValid(long resumeLag)
    {
        Assert.True(s_validator.Validate(null, new BackpressureOptions { MaxLag = 100, ResumeLag = resumeLag }).Succeeded);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:00.009")]
    [InlineData("00:01:00.001")]
    public void ACheckIntervalOutOfRangeFailsNamingTheKey(string interval)
    {
        var result = s_validator.Validate(null, new BackpressureOptions { CheckInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.True(result.Failed);
        Assert.Contains("Ingest:Backpressure:CheckInterval", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyGroupNameFailsNamingTheKey()
    {
        var result = s_validator.Validate(null, new BackpressureOptions { InferenceGroup = " ", ResultsGroup = "" });

        Assert.True(result.Failed);
        Assert.Contains("Ingest:Backpressure:InferenceGroup", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Ingest:Backpressure:ResultsGroup", result.FailureMessage, StringComparison.Ordinal);
    }
}
