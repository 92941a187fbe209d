using AiMesh.Contracts;
using AiMesh.Inference.Worker;
using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AiMesh.Inference.Tests.Worker;

public sealed class WorkerHealthCheckTests
{
    private readonly WorkerStatus _status = new();
    private readonly FakeTimeProvider _time = new();
    private readonly InferenceOptions _options = new() { StuckAfter = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task A_starting_or_running_loop_is_healthy()
    {
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);

        _status.Running();
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);
    }

    [Fact]
    public async Task A_loop_that_died_is_unhealthy_and_says_why()
    {
        _status.Running();
        var fault = new InvalidOperationException("boom");
        _status.Faulted(fault);

        var result = await CheckAsync();

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Same(fault, result.Exception);
    }

    [Fact]
    public async Task A_stopped_loop_is_unhealthy()
    {
        _status.Running();
        _status.Stopped();

        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync()).Status);
    }

    [Fact]
    public async Task A_message_that_holds_its_partition_past_the_bound_degrades_the_replica_naming_partition_offset_and_error()
    {
        _status.Running();
        var held = _status.Began(new TopicPartitionOffset(Topics.Data, 5, 1234), _time.GetUtcNow());
        _status.RecordError("The Ai service could not be asked", _time.GetUtcNow());

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);

        _time.Advance(TimeSpan.FromSeconds(2));
        var stuck = await CheckAsync();
        Assert.Equal(HealthStatus.Degraded, stuck.Status);
        Assert.Contains("data-topic [[5]]", stuck.Description, StringComparison.Ordinal);
        Assert.Contains("1234", stuck.Description, StringComparison.Ordinal);
        Assert.Contains("could not be asked", stuck.Description, StringComparison.Ordinal);

        _status.Ended(held);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);
    }

    [Fact]
    public async Task Of_many_messages_in_flight_the_oldest_one_is_judged_and_named()
    {
        _status.Running();
        var oldest = _status.Began(new TopicPartitionOffset(Topics.Data, 2, 10), _time.GetUtcNow());
        _time.Advance(TimeSpan.FromSeconds(20));
        for (var offset = 11; offset < 20; offset++)
        {
            _status.Began(new TopicPartitionOffset(Topics.Data, 2, offset), _time.GetUtcNow());
        }

        _time.Advance(TimeSpan.FromSeconds(11));
        var stuck = await CheckAsync();
        Assert.Equal(HealthStatus.Degraded, stuck.Status);
        Assert.Contains("offset 10 ", stuck.Description, StringComparison.Ordinal);
        Assert.Equal(10, _status.InFlightCount);

        // The rest have been in hand for 11 s only: once the oldest ends, nothing is stuck.
        _status.Ended(oldest);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);
        Assert.Equal(9, _status.InFlightCount);
    }

    [Fact]
    public async Task An_LLM_answer_is_judged_by_the_answer_timeout_from_when_it_was_first_asked_for_not_by_stuck_after()
    {
        _options.AnswerTimeout = TimeSpan.FromMinutes(2);
        _status.Running();
        var answer = _status.Began(new TopicPartitionOffset(Topics.Data, 1, 7), _time.GetUtcNow());
        answer.RoutedToAnswer();

        // Waiting for a place among the answers in flight is a backlog, not a fault, however long.
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);

        answer.AnswerBegan(_time.GetUtcNow());
        _time.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);

        // A retry does not restart the clock: longer than one attempt may take means it is being retried.
        answer.AnswerBegan(_time.GetUtcNow());
        _time.Advance(TimeSpan.FromSeconds(31));
        var slow = await CheckAsync();
        Assert.Equal(HealthStatus.Degraded, slow.Status);
        Assert.Contains("LLM answer", slow.Description, StringComparison.Ordinal);
        Assert.Contains("[[1]] @7", slow.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_loop_paused_at_its_bound_is_healthy_and_says_so()
    {
        _status.Running();
        _status.ConsumptionPaused(true);

        var result = await CheckAsync();

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Contains("paused", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Most_messages_dead_lettered_lately_degrades_the_replica_and_it_passes_with_time()
    {
        _status.Running();
        for (var i = 0; i < 6; i++)
        {
            _status.DeadLettered(_time.GetUtcNow());
        }

        _status.Completed(_time.GetUtcNow());

        var result = await CheckAsync();
        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("6 of the 7 messages", result.Description, StringComparison.Ordinal);
        Assert.Equal(6, _status.DeadLetteredTotal);

        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);
    }

    [Fact]
    public async Task A_few_dead_letters_among_many_results_are_the_dead_letter_topic_doing_its_job()
    {
        _status.Running();
        for (var i = 0; i < 100; i++)
        {
            _status.Completed(_time.GetUtcNow());
        }

        for (var i = 0; i < 10; i++)
        {
            _status.DeadLettered(_time.GetUtcNow());
        }

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);
    }

    private Task<HealthCheckResult> CheckAsync()
    {
        var check = new WorkerHealthCheck(_status, Options.Create(_options), _time);
        return check.CheckHealthAsync(
            new HealthCheckContext { Registration = new HealthCheckRegistration(WorkerHealthCheck.Name, check, null, null) },
            TestContext.Current.CancellationToken).DefaultTimeout();
    }
}
