using AiMesh.Ingest.Messaging;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiMesh.Ingest.Tests.Messaging;

public sealed class KafkaAvailabilityTests
{
    private static readonly Error s_allBrokersDown = new(ErrorCode.Local_AllBrokersDown, "3/3 brokers are down");
    private static readonly Error s_connectionFailed = new(ErrorCode.Local_Transport, "127.0.0.1:9092/1: Connect to ipv4#127.0.0.1:9092 failed: Connection refused");

    private readonly KafkaAvailability _availability = new(TimeProvider.System, NullLogger<KafkaAvailability>.Instance);

    [Fact]
    public void NothingIsKnownBeforeABrokerAnswersOrEveryBrokerIsReportedDown()
    {
        Assert.Equal(KafkaReachability.NotYetKnown, _availability.Current.Reachability);
    }

    [Fact]
    public void EveryBrokerDownMakesKafkaUnreachableAtOnceWithLibrdkafkasReason()
    {
        _availability.OnBrokerAnswered(_availability.Current, "a test");

        _availability.OnProducerError(s_allBrokersDown);

        Assert.Equal(KafkaReachability.Unreachable, _availability.Current.Reachability);
        Assert.Contains("3/3 brokers are down", _availability.Current.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ErrorCode.Local_Transport)]
    [InlineData(ErrorCode.Local_Resolve)]
    [InlineData(ErrorCode.Local_MsgTimedOut)]
    public void ErrorsAboutOneBrokerOrMessageChangeNothingByThemselves(ErrorCode code)
    {
        _availability.OnBrokerAnswered(_availability.Current, "a test");

        _availability.OnProducerError(new Error(code, "one broker"));

        Assert.Equal(KafkaReachability.Reachable, _availability.Current.Reachability);
    }

    [Fact]
    public async Task ABrokerConnectionFailingCallsForAProbe()
    {
        _availability.OnBrokerAnswered(_availability.Current, "a test");
        var doubt = _availability.WhenInDoubtAsync(TestContext.Current.CancellationToken);
        Assert.False(doubt.IsCompleted);

        _availability.OnProducerError(s_connectionFailed);

        await doubt.DefaultTimeout();
        Assert.Equal(KafkaReachability.Reachable, _availability.Current.Reachability);
    }

    [Fact]
    public void AConnectionFailingWhileAProbeRunsCallsForAnother()
    {
        _availability.OnBrokerAnswered(_availability.Current, "a test");
        _availability.OnProducerError(s_connectionFailed);

        _availability.StartProbe();
        Assert.False(_availability.WhenInDoubtAsync(TestContext.Current.CancellationToken).IsCompleted);
        _availability.OnProducerError(s_connectionFailed);

        Assert.True(_availability.WhenInDoubtAsync(TestContext.Current.CancellationToken).IsCompleted);
    }

    [Fact]
    public void NoBrokerAnsweringAProbeMakesAReachableKafkaUnreachable()
    {
        _availability.OnBrokerAnswered(_availability.Current, "a test");
        _availability.OnProducerError(s_connectionFailed);
        var seen = _availability.StartProbe();

        _availability.OnNoBrokerAnswered(seen, "no broker answered in time");

        Assert.Equal(KafkaReachability.Unreachable, _availability.Current.Reachability);
        Assert.Equal("no broker answered in time", _availability.Current.Description);
        Assert.Equal(seen.Outages + 1, _availability.Current.Outages);
    }

    [Fact]
    public void NoBrokerAnsweringAProbeLeavesAKafkaNeverReachedAsItWas()
    {
        var seen = _availability.StartProbe();

        _availability.OnNoBrokerAnswered(seen, "no broker answered in time");

        Assert.Equal(KafkaReachability.NotYetKnown, _availability.Current.Reachability);
    }

    [Fact]
    public void NoAnswerToAProbeStartedBeforeAnOutageBeganChangesNothing()
    {
        _availability.OnBrokerAnswered(_availability.Current, "a test");
        var seen = _availability.StartProbe();
        _availability.OnProducerError(s_allBrokersDown);

        _availability.OnNoBrokerAnswered(seen, "no broker answered in time");

        Assert.Equal(1, _availability.Current.Outages);
        Assert.Contains("3/3 brokers are down", _availability.Current.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void ABrokerAnsweringAfterAnOutageMakesKafkaReachableAgain()
    {
        _availability.OnProducerError(s_allBrokersDown);

        _availability.OnBrokerAnswered(_availability.Current, "broker 2 answered");

        Assert.Equal(KafkaReachability.Reachable, _availability.Current.Reachability);
        Assert.Contains("broker 2 answered", _availability.Current.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAnswerThatWasOnItsWayWhenAnOutageBeganChangesNothing()
    {
        var beforeTheOutage = _availability.Current;
        _availability.OnProducerError(s_allBrokersDown);

        _availability.OnBrokerAnswered(beforeTheOutage, "a text was acknowledged");

        Assert.Equal(KafkaReachability.Unreachable, _availability.Current.Reachability);
    }

    [Fact]
    public async Task TheWaitForDoubtEndsAtOnceUnlessKafkaIsReachableAndWhenAnOutageBegins()
    {
        Assert.True(_availability.WhenInDoubtAsync(TestContext.Current.CancellationToken).IsCompleted);

        _availability.OnBrokerAnswered(_availability.Current, "a test");
        var wait = _availability.WhenInDoubtAsync(TestContext.Current.CancellationToken);
        Assert.False(wait.IsCompleted);

        _availability.OnProducerError(s_allBrokersDown);
        await wait.DefaultTimeout();
        Assert.True(_availability.WhenInDoubtAsync(TestContext.Current.CancellationToken).IsCompleted);
    }
}
