namespace AiMesh.AppHost.Hosting.Restarts;

/// <summary>What the restart policy remembers about one replica (one DCP resource id).</summary>
internal sealed class ReplicaRestartState(int logLines)
{
    private readonly Queue<string> _lastLogLines = new();

    public string? State { get; set; }

    public DateTimeOffset? RunningSince { get; set; }

    /// <summary>A stop someone asked for (the dashboard's Stop, the AppHost stopping): not a crash.</summary>
    public bool StopRequested { get; set; }

    public bool RestartPending { get; set; }

    public bool GaveUp { get; set; }

    public int FailuresInARow { get; set; }

    public int Restarts { get; set; }

    public bool LogWatchStarted { get; set; }

    public void RememberLogLine(string line)
    {
        lock (_lastLogLines)
        {
            _lastLogLines.Enqueue(line);
            while (_lastLogLines.Count > logLines)
            {
                _lastLogLines.Dequeue();
            }
        }
    }

    public IReadOnlyList<string> LastLogLines()
    {
        lock (_lastLogLines)
        {
            return [.. _lastLogLines];
        }
    }
}
