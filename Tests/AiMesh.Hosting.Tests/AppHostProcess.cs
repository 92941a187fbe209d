using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using AiMesh.Hosting.Orchestration.Processes;
using AiMesh.Hosting.Status.V1;

namespace AiMesh.Hosting.Tests;

/// <summary>
/// The AiMesh AppHost run as a person runs it: its own process (and session, like a terminal's
/// foreground job), a state directory and status port of the test's choosing.
/// </summary>
internal sealed class AppHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private AppHostProcess(Process process, int statusPort)
    {
        _process = process;
        Status = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{statusPort}") };
    }

    public int Pid => _process.Id;

    public HttpClient Status { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join(Environment.NewLine, _output);
            }
        }
    }

    public static AppHostProcess Start(string stateDirectory)
    {
        var appHost = new Projects.AiMesh_AppHost().TargetPath!;
        var statusPort = FreePort();
        var startInfo = new ProcessStartInfo("/usr/bin/setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(appHost)!,
        };
        foreach (var arg in new[]
        {
            "dotnet", appHost,
            $"--AppHost:StateDirectory={stateDirectory}",
            $"--AppHost:StatusPort={statusPort}",
            $"--AppHost:SecretsFile={Path.Combine(stateDirectory, "secrets.json")}",
        })
        {
            startInfo.ArgumentList.Add(arg);
        }

        var process = Process.Start(startInfo)!;
        var appHostProcess = new AppHostProcess(process, statusPort);
        process.OutputDataReceived += (_, e) => appHostProcess.Append(e.Data);
        process.ErrorDataReceived += (_, e) => appHostProcess.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return appHostProcess;
    }

    /// <summary>Polls the status API until the whole model is healthy; returns that status.</summary>
    public async Task<StatusDto> WaitUntilHealthyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The AppHost exited with code {_process.ExitCode}:{Environment.NewLine}{Output}");
            }

            try
            {
                var status = await Status.GetFromJsonAsync<StatusDto>("/api/v1/status");
                if (status?.State == "Healthy")
                {
                    return status;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The AppHost did not become healthy:{Environment.NewLine}{Output}");
    }

    /// <summary>
    /// Waits until the Inference replicas hold every data-topic partition between them. Before that their
    /// consumer group is still joining, and on the mock broker a member that leaves during a join waits out
    /// a 5 s request timeout (KAFKA-MOCK.md): a stop then measures the broker's stall, not the AppHost.
    /// </summary>
    public static async Task WaitForInferenceGroupAsync(StatusDto status, int partitions)
    {
        var replicas = status.Resources.Single(resource => resource.Name == "inference").Replicas.Select(replica => replica.Endpoints.First()).ToList();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var assigned = await Task.WhenAll(replicas.Select(async endpoint =>
                    (await http.GetFromJsonAsync<JsonElement>($"{endpoint}/api/status")).GetProperty("assignedPartitions").EnumerateArray().Select(p => p.GetInt32()).ToList()));
                if (assigned.SelectMany(p => p).Distinct().Count() == partitions)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // A replica between two answers; ask again.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The Inference replicas never held every data-topic partition.");
    }

    /// <summary>What a terminal's Ctrl-C does: the signal to the foreground process group.</summary>
    public void Signal(UnixSignal signal) => NativeMethods.Kill(-_process.Id, (int)signal);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    public static IReadOnlyList<ProcessIdentity> Processes(StatusDto status) =>
        status.Resources.SelectMany(r => r.Replicas).Where(r => r.Pid is not null)
            .Select(r => new ProcessIdentity(r.Pid!.Value, r.ProcessStartTicks!.Value)).ToArray();

    public async ValueTask DisposeAsync()
    {
        Status.Dispose();
        if (!_process.HasExited)
        {
            Signal(UnixSignal.Int);
            if (!_process.WaitForExit(20_000))
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
