using System.Buffers;
using System.Diagnostics;

namespace AiMesh.Redis.Tests;

public sealed class CommandDeadlinesTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(1);

    [Fact]
    public void A_command_younger_than_the_timeout_is_left_alone()
    {
        var deadlines = new CommandDeadlines(s_timeout, "h:1");
        var command = Command("GET");
        deadlines.Track(command);

        deadlines.Sweep(command.QueuedAt + Ticks(s_timeout) - 1);

        Assert.False(command.Task.IsCompleted);
    }

    [Fact]
    public void A_command_older_than_the_timeout_fails_with_RedisTimeoutException_naming_it()
    {
        var deadlines = new CommandDeadlines(s_timeout, "h:1");
        var command = Command("GET");
        deadlines.Track(command);

        deadlines.Sweep(command.QueuedAt + Ticks(s_timeout));

        var ex = Assert.IsType<RedisTimeoutException>(command.Task.Exception?.InnerException);
        Assert.Contains("GET", ex.Message, StringComparison.Ordinal);
        Assert.Contains("h:1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Answered_commands_are_skipped_and_the_sweep_stops_at_the_first_command_still_in_time()
    {
        var deadlines = new CommandDeadlines(s_timeout, "h:1");
        var answered = Command("A");
        var expired = Command("B");
        var inTime = Command("C");
        deadlines.Track(answered);
        deadlines.Track(expired);
        var now = expired.QueuedAt + Ticks(s_timeout);
        deadlines.Track(inTime);
        inTime.QueuedAt = now;
        answered.TrySetResult(new RedisReply.SimpleString("OK"));

        deadlines.Sweep(now);

        Assert.True(answered.Task.IsCompletedSuccessfully);
        Assert.IsType<RedisTimeoutException>(expired.Task.Exception?.InnerException);
        Assert.False(inTime.Task.IsCompleted);
    }

    [Fact]
    public void An_infinite_timeout_never_expires_anything()
    {
        var deadlines = new CommandDeadlines(Timeout.InfiniteTimeSpan, "h:1");
        var command = Command("BLPOP");
        deadlines.Track(command);

        deadlines.Sweep(long.MaxValue);

        Assert.False(command.Task.IsCompleted);
    }

    private static PendingCommand Command(string name) => new(name, ArrayPool<byte>.Shared.Rent(1), 1);

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
