using System.Threading.Channels;
using AiMesh.Hosting.Orchestration;
using Spectre.Console;

namespace AiMesh.Hosting.Console;

/// <summary>
/// What a person running the AppHost sees: one line per state change while the model starts, then the
/// URLs, then every resource's output, prefixed and coloured by resource. Full output stays in files.
/// </summary>
internal sealed class ConsoleReporter(ResourceNotificationService notifications, ResourceLoggerService logs, Func<string?, string?> maskSecrets) : IDisposable
{
    private static readonly string[] s_palette = ["deepskyblue1", "orange1", "mediumpurple1", "springgreen2", "hotpink", "gold1", "turquoise2", "salmon1", "lightgreen", "plum2"];

    // A resource that never gets healthy must not keep everyone's output hidden.
    private static readonly TimeSpan s_startupViewLimit = TimeSpan.FromSeconds(30);

    private readonly Channel<Action> _output = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, string> _colors = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stop = new();
    private readonly DateTime _startedAt = DateTime.UtcNow;
    private volatile bool _streaming;
    private volatile bool _stopping;
    private Task _writer = Task.CompletedTask;
    private Task _watcher = Task.CompletedTask;

    public void Start()
    {
        if (System.Console.IsOutputRedirected)
        {
            // Spectre wraps redirected output at 80 columns; log lines read better whole.
            AnsiConsole.Profile.Width = 240;
        }

        AnsiConsole.MarkupLine("[bold]AiMesh AppHost[/] starting…");
        _writer = Task.Run(WriteAsync);
        _watcher = Task.Run(WatchAsync);
        logs.LineWritten += OnLine;
    }

    public void ShowStatusApi(Uri statusUrl, string stateDirectory) => _output.Writer.TryWrite(() =>
        AnsiConsole.MarkupLine($"Status API: [link]{Markup.Escape(statusUrl.ToString())}[/]   State and logs: {Markup.Escape(stateDirectory)}"));

    public void ShowStopping()
    {
        _stopping = true;
        _output.Writer.TryWrite(() => AnsiConsole.MarkupLine("[yellow]Stopping…[/]"));
    }

    public void ShowStopped()
    {
        _output.Writer.TryWrite(() => AnsiConsole.MarkupLine("[bold]Stopped.[/]"));
        Dispose();
    }

    public void Dispose()
    {
        logs.LineWritten -= OnLine;
        _stop.Cancel();
        _output.Writer.TryComplete();
        Task.WhenAll(_writer, _watcher).Wait(TimeSpan.FromSeconds(2));
    }

    private void OnLine(LogLine line)
    {
        if (!_streaming)
        {
            return;
        }

        var color = ColorOf(line.Resource);
        _output.Writer.TryWrite(() =>
            AnsiConsole.MarkupLine($"[{color}]{Markup.Escape(line.Source.PadRight(18))}[/]│ {(line.IsError ? "[red]" : "")}{Markup.Escape(line.Text)}{(line.IsError ? "[/]" : "")}"));
    }

    private async Task WatchAsync()
    {
        var shown = new Dictionary<string, ResourceState>(StringComparer.OrdinalIgnoreCase);
        var everHealthy = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var next = notifications.NextChangeAsync(_stop.Token);
                var snapshots = notifications.GetSnapshots();
                foreach (var snapshot in snapshots.Where(s => s.Kind != "Parameter"))
                {
                    if (!shown.TryGetValue(snapshot.Name, out var previous) || previous != snapshot.State)
                    {
                        shown[snapshot.Name] = snapshot.State;
                        var line = StateLine(snapshot, starting: !everHealthy.Contains(snapshot.Name));
                        if (snapshot.IsHealthy)
                        {
                            everHealthy.Add(snapshot.Name);
                        }

                        _output.Writer.TryWrite(() => AnsiConsole.MarkupLine(line));
                    }
                }

                var waitedTooLong = DateTime.UtcNow - _startedAt > s_startupViewLimit;
                if (!_streaming && notifications.IsModelRegistered && (snapshots.All(s => s.IsHealthy || s.IsTerminal) || waitedTooLong))
                {
                    var summary = Summary(snapshots, maskSecrets);
                    var notes = snapshots.SelectMany(s => s.Notes.Select(n => $"[grey]{Markup.Escape(s.Name)}: {Markup.Escape(n)}[/]")).ToList();
                    var openHere = snapshots.SelectMany(s => s.ExternalUrls.Select(url => $"[bold]Open {Markup.Escape(s.Name)}:[/] [link]{Markup.Escape(url)}[/]")).ToList();
                    _output.Writer.TryWrite(() =>
                    {
                        AnsiConsole.MarkupLine(snapshots.All(s => s.IsHealthy)
                            ? "[bold green]AiMesh is running.[/] Ctrl-C stops everything."
                            : "[bold yellow]AiMesh is running, but not everything is healthy.[/] Ctrl-C stops everything.");
                        AnsiConsole.Write(summary);
                        notes.ForEach(AnsiConsole.MarkupLine);
                        openHere.ForEach(AnsiConsole.MarkupLine);
                    });
                    _streaming = true;
                }

                await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(1), _stop.Token)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <param name="snapshot">The resource's new state.</param>
    /// <param name="starting">
    /// Not healthy yet since the start: a failing health check then only means the service is still
    /// warming up, and is shown as such rather than as a failure.
    /// </param>
    private string StateLine(ResourceSnapshot snapshot, bool starting)
    {
        var (symbol, color) = snapshot.State switch
        {
            ResourceState.Healthy => ("✔", "green"),
            ResourceState.Unhealthy when starting => ("…", "yellow"),
            ResourceState.Exited when _stopping => ("■", "grey"),
            ResourceState.Unhealthy or ResourceState.FailedToStart or ResourceState.Exited => ("✖", "red"),
            ResourceState.Stopping => ("■", "grey"),
            _ => ("…", "yellow"),
        };
        var elapsed = (DateTime.UtcNow - _startedAt).TotalSeconds;
        var message = snapshot.Message is { } m && snapshot.State is not ResourceState.Healthy ? $" [grey]{Markup.Escape(m)}[/]" : "";
        var state = snapshot.State is ResourceState.Unhealthy && starting ? "Not ready yet" : snapshot.State.ToString();
        return $"  [{color}]{symbol}[/] [{ColorOf(snapshot.Name)}]{Markup.Escape(snapshot.Name.PadRight(14))}[/] {state,-13} [grey]{elapsed,6:0.0}s[/]{message}";
    }

    private static Table Summary(IReadOnlyList<ResourceSnapshot> snapshots, Func<string?, string?> maskSecrets)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Resource").AddColumn("State").AddColumn("Endpoints or connection");
        foreach (var snapshot in snapshots.Where(s => s.Kind != "Parameter"))
        {
            var endpoints = snapshot.Replicas.SelectMany(r => r.Endpoints).ToList();
            table.AddRow(
                Markup.Escape(snapshot.Name),
                snapshot.IsHealthy ? "[green]Healthy[/]" : $"[red]{snapshot.State}[/]",
                Markup.Escape(endpoints.Count > 0 ? string.Join("\n", endpoints) : maskSecrets(snapshot.ConnectionString) ?? snapshot.Kind));
        }

        return table;
    }

    private string ColorOf(string resource)
    {
        lock (_colors)
        {
            if (!_colors.TryGetValue(resource, out var color))
            {
                color = s_palette[_colors.Count % s_palette.Length];
                _colors[resource] = color;
            }

            return color;
        }
    }

    private async Task WriteAsync()
    {
        await foreach (var write in _output.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            write();
        }
    }
}
