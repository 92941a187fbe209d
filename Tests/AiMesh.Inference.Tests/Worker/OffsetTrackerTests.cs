using AiMesh.Contracts;
using AiMesh.Inference.Worker;
using Confluent.Kafka;

namespace AiMesh.Inference.Tests.Worker;

public sealed class OffsetTrackerTests
{
    private readonly OffsetTracker _tracker = new();

    [Fact]
    public void Nothing_is_stored_before_a_message_finishes()
    {
        _tracker.Started(At(0, 5));
        _tracker.Started(At(0, 6));

        Assert.Empty(_tracker.TakeAdvanced());
        Assert.Equal(2, _tracker.Unfinished);
    }

    [Fact]
    public void Messages_finishing_in_order_store_the_next_offset_to_read()
    {
        var first = _tracker.Started(At(0, 5));
        var second = _tracker.Started(At(0, 6));

        _tracker.Finished(first);
        Assert.Equal([At(0, 6)], _tracker.TakeAdvanced());

        _tracker.Finished(second);
        Assert.Equal([At(0, 7)], _tracker.TakeAdvanced());
        Assert.Equal(0, _tracker.Unfinished);
    }

    [Fact]
    public void Out_of_order_finishes_never_store_past_the_lowest_unfinished_message()
    {
        var messages = Enumerable.Range(10, 5).Select(offset => _tracker.Started(At(0, offset))).ToList();

        // 11, 13 and 14 finish first: 10 is unfinished, so nothing may be committed past it.
        _tracker.Finished(messages[1]);
        _tracker.Finished(messages[3]);
        _tracker.Finished(messages[4]);
        Assert.All(_tracker.TakeAdvanced(), offset => Assert.True(offset.Offset.Value <= 10, $"{offset} passes the unfinished offset 10"));

        // 10 finishes: 12 is now the lowest unfinished.
        _tracker.Finished(messages[0]);
        Assert.Equal([At(0, 12)], _tracker.TakeAdvanced());

        // 12 finishes: everything started is finished, so the next to read is after the highest.
        _tracker.Finished(messages[2]);
        Assert.Equal([At(0, 15)], _tracker.TakeAdvanced());
    }

    [Fact]
    public void Gaps_in_the_offsets_are_skipped_as_the_broker_left_them()
    {
        // Offsets 21 to 29 never reached this consumer (compaction, transaction markers).
        var before = _tracker.Started(At(0, 20));
        var after = _tracker.Started(At(0, 30));

        _tracker.Finished(before);
        Assert.Equal([At(0, 30)], _tracker.TakeAdvanced());

        _tracker.Finished(after);
        Assert.Equal([At(0, 31)], _tracker.TakeAdvanced());
    }

    [Fact]
    public void Partitions_are_tracked_apart_and_each_offset_is_taken_once()
    {
        var zero = _tracker.Started(At(0, 100));
        var slow = _tracker.Started(At(1, 7));
        var one = _tracker.Started(At(1, 8));

        _tracker.Finished(zero);
        _tracker.Finished(one);

        Assert.Equal([At(0, 101), At(1, 7)], _tracker.TakeAdvanced().OrderBy(offset => offset.Partition.Value));
        Assert.Empty(_tracker.TakeAdvanced());

        _tracker.Finished(slow);
        Assert.Equal([At(1, 9)], _tracker.TakeAdvanced());
    }

    [Fact]
    public void A_finished_message_of_a_revoked_partition_stores_nothing_and_other_partitions_go_on()
    {
        var revoked = _tracker.Started(At(2, 50));
        var kept = _tracker.Started(At(3, 60));

        _tracker.Forget([new TopicPartition(Topics.Data, 2)]);
        _tracker.Finished(revoked);
        _tracker.Finished(kept);

        Assert.Equal([At(3, 61)], _tracker.TakeAdvanced());
        Assert.Equal(0, _tracker.Unfinished);
    }

    [Fact]
    public void A_finish_that_was_waiting_to_be_taken_when_its_partition_was_revoked_is_dropped()
    {
        var message = _tracker.Started(At(2, 50));
        _tracker.Finished(message);

        _tracker.Forget([new TopicPartition(Topics.Data, 2)]);

        Assert.Empty(_tracker.TakeAdvanced());
    }

    [Fact]
    public void A_partition_assigned_again_is_tracked_afresh_and_a_late_finish_from_its_earlier_ownership_is_ignored()
    {
        var earlier = _tracker.Started(At(2, 50));
        _tracker.Forget([new TopicPartition(Topics.Data, 2)]);

        // Back again: its new owner had committed up to 48, so 48 to 50 are read again.
        var again48 = _tracker.Started(At(2, 48));
        var again50 = _tracker.Started(At(2, 50));

        // The earlier ownership's message 50 finishes late; the message 50 of this ownership has not.
        _tracker.Finished(earlier);
        Assert.Empty(_tracker.TakeAdvanced());

        _tracker.Finished(again48);
        Assert.Equal([At(2, 50)], _tracker.TakeAdvanced());

        _tracker.Finished(again50);
        Assert.Equal([At(2, 51)], _tracker.TakeAdvanced());
    }

    [Fact]
    public void A_message_finished_twice_counts_once()
    {
        var first = _tracker.Started(At(0, 1));
        var second = _tracker.Started(At(0, 2));

        _tracker.Finished(first);
        _tracker.Finished(first);

        Assert.Equal([At(0, 2)], _tracker.TakeAdvanced());
        Assert.Equal(1, _tracker.Unfinished);
        _tracker.Finished(second);
        Assert.Equal([At(0, 3)], _tracker.TakeAdvanced());
    }

    [Fact]
    public void Clearing_forgets_every_partition()
    {
        var message = _tracker.Started(At(0, 1));

        _tracker.Clear();
        _tracker.Finished(message);

        Assert.Empty(_tracker.TakeAdvanced());
        Assert.Equal(0, _tracker.Unfinished);
    }

    [Fact]
    public async Task Finishes_from_many_threads_at_once_end_at_the_offset_after_the_last()
    {
        var messages = Enumerable.Range(0, 10_000).Select(offset => _tracker.Started(At(0, offset))).ToList();
        List<TopicPartitionOffset> taken = [];

        await Parallel.ForEachAsync(
            messages.OrderBy(_ => Random.Shared.Next()),
            TestContext.Current.CancellationToken,
            (message, _) =>
            {
                _tracker.Finished(message);
                lock (taken)
                {
                    taken.AddRange(_tracker.TakeAdvanced());
                }

                return ValueTask.CompletedTask;
            });

        Assert.Equal(At(0, 10_000), taken[^1]);
        Assert.Equal(taken.Select(offset => offset.Offset.Value).Order(), taken.Select(offset => offset.Offset.Value));
    }

    private static TopicPartitionOffset At(int partition, long offset) => new(Topics.Data, partition, offset);
}
