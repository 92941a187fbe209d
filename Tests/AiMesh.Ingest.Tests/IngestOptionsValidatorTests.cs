namespace AiMesh.Ingest.Tests;

public sealed class IngestOptionsValidatorTests
{
    private static readonly IngestOptionsValidator s_validator = new();

    [Fact]
    public void TheDefaultsAreValid()
    {
        var options = new IngestOptions();

        Assert.True(s_validator.Validate(null, options).Succeeded);
        Assert.Equal(4000, options.MaxTextLength);
        Assert.Equal(TimeSpan.FromSeconds(5), options.PublishTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), options.KafkaStatusTimeout);
        Assert.Equal(240, options.MinRequestBodyBytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(2), options.RequestBodyGracePeriod);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ModelListCacheDuration);
    }

    [Theory]
    [InlineData("-00:00:00.001")]
    [InlineData("01:00:00.001")]
    public void AModelListCacheDurationOutOfRangeFailsNamingTheKey(string duration)
    {
        var result = s_validator.Validate(null, new IngestOptions { ModelListCacheDuration = TimeSpan.Parse(duration, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.True(result.Failed);
        Assert.Contains("Ingest:ModelListCacheDuration", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AModelListCacheDurationOfZeroIsValidAndAsksAiEveryTime()
    {
        Assert.True(s_validator.Validate(null, new IngestOptions { ModelListCacheDuration = TimeSpan.Zero }).Succeeded);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(IngestOptions.MaxTextLengthLimit + 1)]
    public void AMaxTextLengthOutOfRangeFailsNamingTheKey(int maxTextLength)
    {
        var result = s_validator.Validate(null, new IngestOptions { MaxTextLength = maxTextLength });

        Assert.True(result.Failed);
        Assert.Contains("Ingest:MaxTextLength", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    [InlineData("30.00:00:00")]
    public void APublishTimeoutThatIsNotPositiveOrTooLongFailsNamingTheKey(string publishTimeout)
    {
        var result = s_validator.Validate(null, new IngestOptions { PublishTimeout = TimeSpan.Parse(publishTimeout, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.True(result.Failed);
        Assert.Contains("Ingest:PublishTimeout", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AKafkaStatusTimeoutThatIsNotPositiveFailsNamingTheKey()
    {
        var result = s_validator.Validate(null, new IngestOptions { KafkaStatusTimeout = TimeSpan.Zero });

        Assert.True(result.Failed);
        Assert.Contains("Ingest:KafkaStatusTimeout", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void AMinimumBodyRateThatIsNotPositiveFailsNamingTheKey(int bytesPerSecond)
    {
        var result = s_validator.Validate(null, new IngestOptions { MinRequestBodyBytesPerSecond = bytesPerSecond });

        Assert.True(result.Failed);
        Assert.Contains("Ingest:MinRequestBodyBytesPerSecond", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:01")]
    [InlineData("00:00:00.500")]
    [InlineData("00:05:00.001")]
    public void AGracePeriodKestrelCannotHonourOrTooLongFailsNamingTheKey(string gracePeriod)
    {
        var result = s_validator.Validate(null, new IngestOptions { RequestBodyGracePeriod = TimeSpan.Parse(gracePeriod, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.True(result.Failed);
        Assert.Contains("Ingest:RequestBodyGracePeriod", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AGracePeriodJustOverKestrelsHeartbeatIsValid()
    {
        Assert.True(s_validator.Validate(null, new IngestOptions { RequestBodyGracePeriod = TimeSpan.FromSeconds(1.5) }).Succeeded);
    }
}
