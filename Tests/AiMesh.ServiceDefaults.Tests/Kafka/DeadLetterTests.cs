using System.Text;
using AiMesh.ServiceDefaults.Kafka.DeadLetters;
using Confluent.Kafka;

namespace AiMesh.ServiceDefaults.Tests.Kafka;

public sealed class DeadLetterTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_dead_letter_reads_back_where_it_came_from_and_why()
    {
        var letter = Consumed(
            ("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
            (DeadLetterHeaders.SourceTopic, "data-topic"),
            (DeadLetterHeaders.SourcePartition, "3"),
            (DeadLetterHeaders.SourceOffset, "42"),
            (DeadLetterHeaders.ErrorType, "invalid"),
            (DeadLetterHeaders.ErrorMessage, "no id"),
            (DeadLetterHeaders.Attempts, "1"),
            (DeadLetterHeaders.Instance, "inference-a"),
            (DeadLetterHeaders.Time, "2026-12-04T12:00:00.0000000+00:00"),
            (DeadLetterHeaders.Replays, "2"));

        var dead = DeadLetter.From(letter);

        Assert.Equal(("data-topic", 3, 42L, "key-1", "invalid", "no id", 1), (dead.SourceTopic, dead.SourcePartition!.Value, dead.SourceOffset!.Value, dead.Key, dead.ErrorType, dead.ErrorMessage, dead.Attempts!.Value));
        Assert.Equal(("inference-a", s_now, 2, "value"), (dead.Instance, dead.DeadLetteredAt!.Value, dead.Replays, dead.Value));
    }

    [Fact]
    public void A_replay_keeps_the_original_message_drops_the_verdict_and_counts_the_replay()
    {
        var letter = Consumed(
            ("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
            (DeadLetterHeaders.SourceTopic, "data-topic"),
            (DeadLetterHeaders.ErrorType, "invalid"),
            (DeadLetterHeaders.Replays, "1"));

        var replay = DeadLetter.ToReplay(letter);

        Assert.Equal(letter.Message.Key, replay.Key);
        Assert.Equal(letter.Message.Value, replay.Value);
        Assert.Equal(["traceparent", DeadLetterHeaders.Replays], replay.Headers.Select(header => header.Key));
        Assert.Equal("2", DeadLetterHeaders.Read(replay.Headers, DeadLetterHeaders.Replays));
    }

    [Fact]
    public void A_message_never_replayed_is_replayed_for_the_first_time()
    {
        var replay = DeadLetter.ToReplay(Consumed((DeadLetterHeaders.SourceTopic, "data-topic")));

        Assert.Equal(1, DeadLetterHeaders.ReadNumber(replay.Headers, DeadLetterHeaders.Replays));
    }

    [Fact]
    public void The_dead_letter_rate_is_a_problem_only_past_both_the_count_and_the_share()
    {
        var rate = new DeadLetterRate(TimeSpan.FromMinutes(1), minimumDeadLetters: 3, maximumShare: 0.5);
        rate.Record(s_now, deadLettered: true);
        rate.Record(s_now, deadLettered: true);
        Assert.Null(rate.Problem(s_now));

        rate.Record(s_now, deadLettered: true);
        Assert.Equal("3 of the 3 messages finished in the last 60 s were dead-lettered.", rate.Problem(s_now));

        for (var i = 0; i < 3; i++)
        {
            rate.Record(s_now, deadLettered: false);
        }

        Assert.Null(rate.Problem(s_now));
        Assert.Null(rate.Problem(s_now.AddMinutes(2)));
    }

    private static ConsumeResult<byte[]?, byte[]?> Consumed(params (string Name, string Value)[] headers)
    {
        var collected = new Headers();
        foreach (var (name, value) in headers)
        {
            collected.Add(name, Encoding.UTF8.GetBytes(value));
        }

        return new ConsumeResult<byte[]?, byte[]?>
        {
            TopicPartitionOffset = new TopicPartitionOffset("data-topic.dlq", 0, 7),
            Message = new Message<byte[]?, byte[]?> { Key = "key-1"u8.ToArray(), Value = "value"u8.ToArray(), Headers = collected },
        };
    }
}
