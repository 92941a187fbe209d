using OpenTelemetry.Trace;

namespace AiMesh.ServiceDefaults.Telemetry;

/// <summary>
/// Keeps every new trace while they come slowly and at most <c>tracesPerSecond</c> a second when they
/// come fast: a token bucket holding one second's worth. A person clicking through the UI, or a test,
/// sees every trace in the dashboard; thousands of texts a second cost a bounded amount of tracing
/// instead of a span export per hop per text. It decides only for traces that start here; wrapped in
/// <see cref="ParentBasedSampler"/>, spans of a trace started elsewhere follow that trace's decision,
/// so a trace is kept whole or not at all.
/// </summary>
public sealed class RateLimitedSampler : Sampler
{
    private readonly double _tracesPerSecond;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private double _tokens;
    private long _refilledAt;

    public RateLimitedSampler(double tracesPerSecond, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tracesPerSecond);

        _tracesPerSecond = tracesPerSecond;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _tokens = tracesPerSecond;
        _refilledAt = _timeProvider.GetTimestamp();
        Description = $"RateLimitedSampler{{{tracesPerSecond}/s}}";
    }

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        lock (_gate)
        {
            var now = _timeProvider.GetTimestamp();
            _tokens = Math.Min(_tracesPerSecond, _tokens + (_timeProvider.GetElapsedTime(_refilledAt, now).TotalSeconds * _tracesPerSecond));
            _refilledAt = now;
            if (_tokens < 1)
            {
                return new SamplingResult(SamplingDecision.Drop);
            }

            _tokens--;
            return new SamplingResult(SamplingDecision.RecordAndSample);
        }
    }
}
