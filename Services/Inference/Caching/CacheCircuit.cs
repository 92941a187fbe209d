using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;

namespace AiMesh.Inference.Caching;

/// <summary>
/// Polly's circuit breaker around the Redis cache. It opens once at least
/// <see cref="InferenceOptions.CacheBreakerFailures"/> calls failed and none succeeded within
/// <see cref="InferenceOptions.CacheBreakerSamplingDuration"/>. While it is open callers skip Redis
/// (<see cref="IsOpen"/>), and a background probe PINGs Redis every
/// <see cref="InferenceOptions.CacheProbeInterval"/>, closing the breaker at the first answer.
/// </summary>
internal sealed partial class CacheCircuit : IAsyncDisposable
{
    // Left to itself, Polly half-opens after BreakDuration and lets the next call through as the
    // trial, so a message would wait on a Redis that may still hang. Here no message reaches the
    // pipeline while it is open (callers check IsOpen first) and only the probe closes it; the longest
    // break Polly accepts keeps even a call that raced the opening from becoming that trial. Isolating
    // the circuit instead would do the same but report a second, "manual" opening.
    private static readonly TimeSpan s_breakUntilProbed = TimeSpan.FromDays(1);

    private readonly IAnswerStore _store;
    private readonly InferenceOptions _settings;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CacheCircuit> _logger;

    // A registry for one pipeline: disposing it is Polly's only way to stop the breaker's event task.
    private readonly ResiliencePipelineRegistry<string> _registry = new();
    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerStateProvider _state = new();
    private readonly CircuitBreakerManualControl _control = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Task _probe = Task.CompletedTask;
    private bool _probing;
    private volatile bool _disposed;
    private volatile string? _openedBecause;

    public CacheCircuit(IAnswerStore store, IOptions<InferenceOptions> options, TimeProvider timeProvider, ILogger<CacheCircuit> logger)
    {
        ArgumentNullException.ThrowIfNull(options);

        _store = store;
        _settings = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _pipeline = _registry.GetOrAddPipeline(nameof(CacheCircuit), builder =>
        {
            builder.TimeProvider = timeProvider;
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                Name = "RedisCache",

                // Only Redis failing counts; the caller's own cancellation says nothing about Redis.
                ShouldHandle = arguments => ValueTask.FromResult(arguments.Outcome.Exception is CacheUnavailableException),

                // Polly samples a window rather than counting a run: "every call in the window failed, and
                // there were enough of them" is the nearest it comes to "that many failures in a row".
                FailureRatio = 1.0,
                MinimumThroughput = _settings.CacheBreakerFailures,
                SamplingDuration = _settings.CacheBreakerSamplingDuration,
                BreakDuration = s_breakUntilProbed,
                StateProvider = _state,
                ManualControl = _control,
                OnOpened = Opened,
                OnClosed = _ => Closed(),
            });
        });
    }

    /// <summary>True while callers must leave Redis alone: the breaker is open, or this circuit is disposed.</summary>
    public bool IsOpen
    {
        get
        {
            if (_disposed)
            {
                return true;
            }

            try
            {
                return _state.CircuitState != CircuitState.Closed;
            }
            catch (ObjectDisposedException)
            {
                // Disposed between the check above and Polly's answer.
                return true;
            }
        }
    }

    /// <summary>The failure that opened the breaker, while it is open and once Polly has reported it.</summary>
    public string? OpenedBecause => IsOpen ? _openedBecause : null;

    /// <summary>Runs <paramref name="call"/> through the breaker, which counts its <see cref="CacheUnavailableException"/>.</summary>
    /// <exception cref="CacheUnavailableException">The call failed.</exception>
    /// <exception cref="ExecutionRejectedException">
    /// The breaker opened (or this circuit was disposed) after the caller checked <see cref="IsOpen"/>; the call was not made.
    /// </exception>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(
                static (call, token) => new ValueTask<T>(call(token)),
                call,
                cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException exception) when (_disposed)
        {
            throw Disposed(exception);
        }
    }

    /// <inheritdoc cref="ExecuteAsync{T}"/>
    public async Task ExecuteAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        try
        {
            await _pipeline.ExecuteAsync(
                static (call, token) => new ValueTask(call(token)),
                call,
                cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException exception) when (_disposed)
        {
            throw Disposed(exception);
        }
    }

    /// <summary>Stops the probe and Polly's event task; from now on <see cref="IsOpen"/> is true.</summary>
    public async ValueTask DisposeAsync()
    {
        Task probe;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            probe = _probe;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await probe.ConfigureAwait(false);
        _stopping.Dispose();
        await _registry.DisposeAsync().ConfigureAwait(false);
    }

    // A disposed circuit lets nothing through; saying so as Polly's own rejection gives callers one kind of "skipped".
    private static IsolatedCircuitException Disposed(ObjectDisposedException exception) =>
        new("The Redis cache circuit is disposed.", exception);

    // Polly runs these after the state has changed, one at a time and in order, while the call that
    // tripped the breaker waits for them: they must not wait on anything themselves.
    private ValueTask Opened(OnCircuitOpenedArguments<object> arguments)
    {
        var reason = arguments.Outcome.Exception?.Message ?? "no reason reported";
        _openedBecause = reason;
        LogOpened(_logger, _settings.CacheBreakerFailures, _settings.CacheBreakerSamplingDuration.TotalSeconds, reason, _settings.CacheProbeInterval.TotalSeconds);
        StartProbing();
        return ValueTask.CompletedTask;
    }

    private ValueTask Closed()
    {
        _openedBecause = null;
        LogClosed(_logger);
        return ValueTask.CompletedTask;
    }

    private void StartProbing()
    {
        lock (_gate)
        {
            // A probe still running goes on: it stops only once it has seen the breaker closed.
            if (_disposed || _probing)
            {
                return;
            }

            _probing = true;
            var stopping = _stopping.Token;
            _probe = Task.Run(() => ProbeUntilClosedAsync(stopping), CancellationToken.None);
        }
    }

    private async Task ProbeUntilClosedAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_settings.CacheProbeInterval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                if (await AnswersAsync(stopping).ConfigureAwait(false))
                {
                    await _control.CloseAsync(stopping).ConfigureAwait(false);
                }

                lock (_gate)
                {
                    // Decided under the lock StartProbing takes: a breaker that opens again right now is
                    // either seen open here, or finds no probe running and starts one.
                    if (_state.CircuitState == CircuitState.Closed)
                    {
                        _probing = false;
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposed: the service is stopping.
        }
    }

    private async Task<bool> AnswersAsync(CancellationToken stopping)
    {
        try
        {
            await _store.PingAsync(stopping).ConfigureAwait(false);
            return true;
        }
        catch (CacheUnavailableException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Redis cache circuit breaker opened: {Failures} or more calls failed and none succeeded within {SamplingSeconds} s (last: {Reason}). "
            + "Messages go on without the cache, not calling Redis, until it answers a PING (tried every {ProbeSeconds} s).")]
    private static partial void LogOpened(ILogger logger, int failures, double samplingSeconds, string reason, double probeSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis answered a probe: the cache circuit breaker is closed and messages use the cache again.")]
    private static partial void LogClosed(ILogger logger);
}
