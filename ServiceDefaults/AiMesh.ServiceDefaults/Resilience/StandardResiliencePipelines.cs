using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace AiMesh.ServiceDefaults.Resilience;

/// <summary>
/// Builds and keeps the standard pipelines: one per client options name and request authority
/// (scheme, host, port). Keeping one per authority means the circuit breaker of <c>http://ai</c> never
/// opens because <c>http://search</c> is failing (Microsoft's <c>SelectPipelineByAuthority</c>; with
/// service discovery the authority is the logical service name, so all replicas share one breaker).
/// </summary>
internal sealed partial class StandardResiliencePipelines : IDisposable
{
    private readonly IOptionsMonitor<HttpStandardResilienceOptions> _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(string OptionsName, string Authority), ResiliencePipeline<HttpResponseMessage>> _pipelines = new();
    private readonly IDisposable? _optionsChanged;

    public StandardResiliencePipelines(IOptionsMonitor<HttpStandardResilienceOptions> options, ILogger<StandardResiliencePipelines> logger, TimeProvider? time = null)
    {
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _optionsChanged = options.OnChange((_, _) => _pipelines.Clear());
    }

    public ResiliencePipeline<HttpResponseMessage> Get(string optionsName, Uri? requestUri)
    {
        var authority = requestUri is { IsAbsoluteUri: true } ? requestUri.GetLeftPart(UriPartial.Authority) : string.Empty;
        return _pipelines.GetOrAdd((optionsName, authority), key => Build(key.OptionsName, key.Authority));
    }

    public void Dispose() => _optionsChanged?.Dispose();

    private ResiliencePipeline<HttpResponseMessage> Build(string optionsName, string authority)
    {
        var options = _options.Get(optionsName);
        static ValueTask<bool> IsTransient(Outcome<HttpResponseMessage> outcome) => ValueTask.FromResult(HttpTransientFailures.IsTransient(outcome));

        var retry = new RetryStrategyOptions<HttpResponseMessage>
        {
            Name = "Retry",
            ShouldHandle = arguments => IsTransient(arguments.Outcome),
            MaxRetryAttempts = options.Retry.MaxRetryAttempts,
            BackoffType = options.Retry.BackoffType,
            UseJitter = options.Retry.UseJitter,
            Delay = options.Retry.Delay,
            MaxDelay = options.Retry.MaxDelay,
            OnRetry = arguments =>
            {
                LogRetry(_logger, authority, arguments.AttemptNumber + 1, arguments.RetryDelay, Describe(arguments.Outcome));
                return ValueTask.CompletedTask;
            },
        };
        if (options.Retry.ShouldRetryAfterHeader)
        {
            retry.DelayGenerator = arguments => ValueTask.FromResult<TimeSpan?>(
                RetryAfter.TryGetDelay(arguments.Outcome.Result, _time, out var delay) ? delay : null);
        }

        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time }
            .AddTimeout(new TimeoutStrategyOptions { Name = "TotalRequestTimeout", Timeout = options.TotalRequestTimeout.Timeout })
            .AddRetry(retry)
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                Name = "CircuitBreaker",
                ShouldHandle = arguments => IsTransient(arguments.Outcome),
                FailureRatio = options.CircuitBreaker.FailureRatio,
                MinimumThroughput = options.CircuitBreaker.MinimumThroughput,
                SamplingDuration = options.CircuitBreaker.SamplingDuration,
                BreakDuration = options.CircuitBreaker.BreakDuration,
                OnOpened = arguments =>
                {
                    LogCircuitOpened(_logger, authority, arguments.BreakDuration, Describe(arguments.Outcome));
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    LogCircuitClosed(_logger, authority);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(new TimeoutStrategyOptions { Name = "AttemptTimeout", Timeout = options.AttemptTimeout.Timeout })
            .Build();
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } exception
            ? $"{exception.GetType().Name}: {exception.Message}"
            : $"HTTP {(int?)outcome.Result?.StatusCode}";

    [LoggerMessage(1, LogLevel.Warning, "Retrying a request to {Authority}, attempt {Attempt}, in {Delay}, after {Reason}.")]
    private static partial void LogRetry(ILogger logger, string authority, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(2, LogLevel.Warning, "Circuit to {Authority} opened for {BreakDuration} after {Reason}.")]
    private static partial void LogCircuitOpened(ILogger logger, string authority, TimeSpan breakDuration, string reason);

    [LoggerMessage(3, LogLevel.Information, "Circuit to {Authority} closed.")]
    private static partial void LogCircuitClosed(ILogger logger, string authority);
}
