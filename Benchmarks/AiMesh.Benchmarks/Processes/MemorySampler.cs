using AiMesh.Tests;

namespace AiMesh.Benchmarks.Processes;

/// <summary>Samples the whole application's resident memory every half second while started, and keeps the peak.</summary>
internal sealed class MemorySampler(WholeApp pipeline) : IAsyncDisposable
{
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(500);

    private CancellationTokenSource? _stop;
    private Task? _sampling;

    public double PeakMebibytes { get; private set; }

    public void Start()
    {
        _stop = new CancellationTokenSource();
        _sampling = SampleAsync(_stop.Token);
    }

    public async Task StopAsync()
    {
        if (_stop is null || _sampling is null)
        {
            return;
        }

        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
        _stop = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var total = MemoryReader.Read(ApplicationProcesses.Find(pipeline.Processes())).Sum(resource => resource.RssMebibytes);
            PeakMebibytes = Math.Max(PeakMebibytes, total);
            try
            {
                await Task.Delay(s_interval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
