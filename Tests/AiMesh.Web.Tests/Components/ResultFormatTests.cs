using System.Globalization;
using AiMesh.Web.Components.Results;

namespace AiMesh.Web.Tests.Components;

public sealed class ResultFormatTests
{
    private static readonly DateTimeOffset s_acceptedAt = new(2025, 3, 1, 9, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0.973, "97.3 %")]
    [InlineData(1.0, "100.0 %")]
    [InlineData(0.0, "0.0 %")]
    [InlineData(0.5, "50.0 %")]
    public void AScoreReadsAsAPercentage(double score, string expected) =>
        Assert.Equal(expected, ResultFormat.Score(score));

    [Fact]
    public void AScoreReadsTheSameInEveryCulture()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal("97.3 %", ResultFormat.Score(0.973));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData(42, "42 ms")]
    [InlineData(999, "999 ms")]
    [InlineData(1_250, "1.3 s")]
    [InlineData(-5, "0 ms")]
    public void LatencyReadsInMillisecondsOrSeconds(int milliseconds, string expected) =>
        Assert.Equal(expected, ResultFormat.Latency(s_acceptedAt, s_acceptedAt.AddMilliseconds(milliseconds)));

    [Fact]
    public void TimeIsUtcClockTime() =>
        Assert.Equal("07:30:05", ResultFormat.Time(new DateTimeOffset(2025, 3, 1, 9, 30, 5, TimeSpan.FromHours(2))));

    [Theory]
    [InlineData("positive", "label-positive")]
    [InlineData("Negative", "label-negative")]
    [InlineData("neutral", "label-neutral")]
    [InlineData("mixed", "label-other")]
    [InlineData("", "label-other")]
    public void LabelsAreColourCoded(string label, string expected) =>
        Assert.Equal(expected, ResultFormat.LabelClass(label));
}
