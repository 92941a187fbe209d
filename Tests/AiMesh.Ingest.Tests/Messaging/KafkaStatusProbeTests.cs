using AiMesh.Ingest.Messaging;
using AiMesh.Ingest.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AiMesh.Ingest.Tests.Messaging;

/// <summary>
/// A metadata request the caller stopped waiting for still runs on the producer's handle: the probe must
/// not let its owner go (and the producer be destroyed under it) until that request has ended.
/// </summary>
public sealed class KafkaStatusProbeTests
{
    // Long enough that the request is certainly still running when the caller gives up at once.
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task DisposingTheProbeWaitsForARequestItsCallerStoppedWaitingFor()
    {
        await using var app = IngestApp.WithKafka($"127.0.0.1:{Ports.Closed()}");
        var probe = app.Services.GetRequiredService<KafkaStatusProbe>();
        using var givenUp = new CancellationTokenSource();
        await givenUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => probe.FetchMetadataAsync(s_requestTimeout, givenUp.Token));
        var disposing = probe.DisposeAsync();

        Assert.False(disposing.IsCompleted, "The probe was disposed while its metadata request still ran on the producer's handle.");
        await disposing.AsTask().DefaultTimeout();
    }

    [Fact]
    public async Task ADisposedProbeStartsNoRequest()
    {
        await using var app = IngestApp.WithKafka($"127.0.0.1:{Ports.Closed()}");
        var probe = app.Services.GetRequiredService<KafkaStatusProbe>();

        await probe.DisposeAsync().AsTask().DefaultTimeout();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => probe.FetchMetadataAsync(s_requestTimeout, TestContext.Current.CancellationToken));
    }
}
