namespace AiMesh.Results.Tests;

public sealed class ResultsOptionsValidatorTests
{
    private static readonly ResultsOptionsValidator s_validator = new();

    [Fact]
    public void TheDefaultsAreValid() =>
        Assert.True(s_validator.Validate(null, new ResultsOptions()).Succeeded);

    [Fact]
    public void ADefaultLimitAboveTheMaximumIsRefusedWithTheKeyToFix()
    {
        var result = s_validator.Validate(null, new ResultsOptions { DefaultListLimit = 600, MaxListLimit = 500 });

        Assert.True(result.Failed);
        Assert.Contains("Results:DefaultListLimit", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyClientQueueIsRefused()
    {
        var result = s_validator.Validate(null, new ResultsOptions { ClientQueueSize = 0 });

        Assert.True(result.Failed);
        Assert.Contains("Results:ClientQueueSize", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyBatchIsRefusedWithTheKeyToFix()
    {
        var result = s_validator.Validate(null, new ResultsOptions { MaxBatchSize = 0 });

        Assert.True(result.Failed);
        Assert.Contains("Results:MaxBatchSize", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AClientQueueThatCannotHoldOneBatchIsRefused()
    {
        var result = s_validator.Validate(null, new ResultsOptions { MaxBatchSize = 500, ClientQueueSize = 256 });

        Assert.True(result.Failed);
        Assert.Contains("Results:ClientQueueSize", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Results:MaxBatchSize", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AClientQueueExactlyOneBatchLongIsValid() =>
        Assert.True(s_validator.Validate(null, new ResultsOptions { MaxBatchSize = 8, ClientQueueSize = 8 }).Succeeded);

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void ABlankAnswerGroupIsRefusedWithTheKeyToFix(string groupId)
    {
        var result = s_validator.Validate(null, new ResultsOptions { AnswerGroupId = groupId });

        Assert.True(result.Failed);
        Assert.Contains("Results:AnswerGroupId", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ARetryCapBelowTheFirstDelayIsRefused()
    {
        var result = s_validator.Validate(null, new ResultsOptions { DatabaseRetryDelay = TimeSpan.FromSeconds(5), DatabaseRetryMaxDelay = TimeSpan.FromSeconds(1) });

        Assert.True(result.Failed);
        Assert.Contains("Results:DatabaseRetryMaxDelay", result.FailureMessage, StringComparison.Ordinal);
    }
}
