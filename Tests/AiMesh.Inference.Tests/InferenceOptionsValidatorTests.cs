namespace AiMesh.Inference.Tests;

public sealed class InferenceOptionsValidatorTests
{
    private readonly InferenceOptionsValidator _validator = new();

    [Fact]
    public void The_defaults_are_valid()
    {
        var options = new InferenceOptions();

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.Equal("sentiment", options.Model);
        Assert.Equal(TimeSpan.FromHours(1), options.CacheTtl);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.RetryBaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), options.RetryMaxDelay);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.CacheTimeout);
        Assert.Equal(3, options.CacheBreakerFailures);
        Assert.Equal(TimeSpan.FromSeconds(2), options.CacheBreakerSamplingDuration);
        Assert.Equal(TimeSpan.FromSeconds(1), options.CacheProbeInterval);
        Assert.Equal(TimeSpan.FromMinutes(2), options.AnswerTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ModelListTtl);
        Assert.Equal((4096, 16, 64, 4), (options.MaxInFlight, options.MaxAnswersInFlight, options.AiMaxBatchSize, options.AiBatchesInFlight));
        Assert.Equal((TimeSpan.FromMilliseconds(2), TimeSpan.FromSeconds(10)), (options.AiBatchWindow, options.DrainTimeout));
    }

    [Fact]
    public void Each_unusable_concurrency_or_batching_value_is_named_by_its_configuration_key()
    {
        var result = _validator.Validate(null, new InferenceOptions
        {
            MaxInFlight = 0,
            MaxAnswersInFlight = -1,
            AiMaxBatchSize = 0,
            AiBatchesInFlight = 0,
            AiBatchWindow = TimeSpan.FromMilliseconds(-1),
            DrainTimeout = TimeSpan.Zero,
        });

        var failures = result.Failures!.ToList();
        Assert.Equal(6, failures.Count);
        foreach (var key in new[] { "MaxInFlight", "MaxAnswersInFlight", "AiMaxBatchSize", "AiBatchesInFlight", "AiBatchWindow", "DrainTimeout" })
        {
            Assert.Contains(failures, failure => failure.StartsWith($"Inference:{key} ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_zero_batch_window_is_allowed_and_means_send_what_is_waiting_at_once()
    {
        Assert.True(_validator.Validate(null, new InferenceOptions { AiBatchWindow = TimeSpan.Zero }).Succeeded);
    }

    [Fact]
    public void Each_unusable_value_is_named_by_its_configuration_key()
    {
        var result = _validator.Validate(null, new InferenceOptions
        {
            Model = " ",
            CacheTtl = TimeSpan.Zero,
            RetryBaseDelay = TimeSpan.FromSeconds(-1),
            RetryMaxDelay = TimeSpan.FromSeconds(-2),
            CacheTimeout = TimeSpan.Zero,
            CacheBreakerFailures = 1,
            CacheBreakerSamplingDuration = TimeSpan.FromMilliseconds(499),
            CacheProbeInterval = TimeSpan.Zero,
            AnswerTimeout = TimeSpan.Zero,
            ModelListTtl = TimeSpan.FromSeconds(-1),
        });

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(10, failures.Count);
        Assert.Contains(failures, failure => failure.StartsWith("Inference:Model", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Inference:CacheTtl", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Inference:RetryBaseDelay", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Inference:RetryMaxDelay", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Inference:CacheTimeout", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Inference:CacheBreakerFailures", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Inference:CacheBreakerSamplingDuration", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Inference:CacheProbeInterval", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Inference:AnswerTimeout", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Inference:ModelListTtl", StringComparison.Ordinal));
    }

    [Fact]
    public void An_answer_timeout_longer_than_a_day_is_refused()
    {
        var failure = Assert.Single(_validator.Validate(null, new InferenceOptions { AnswerTimeout = TimeSpan.FromDays(30) }).Failures!);

        Assert.StartsWith("Inference:AnswerTimeout must be at most 1.00:00:00", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_breaker_window_too_short_to_hold_its_failures_on_a_hung_Redis_is_refused()
    {
        var result = _validator.Validate(null, new InferenceOptions
        {
            CacheTimeout = TimeSpan.FromSeconds(1),
            CacheBreakerFailures = 3,
            CacheBreakerSamplingDuration = TimeSpan.FromSeconds(2),
        });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Inference:CacheBreakerSamplingDuration (00:00:02) must be at least Inference:CacheBreakerFailures (3) times Inference:CacheTimeout", failure, StringComparison.Ordinal);
    }
}
