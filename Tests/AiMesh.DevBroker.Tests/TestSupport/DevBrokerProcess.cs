using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace AiMesh.DevBroker.Tests.TestSupport;

/// <summary>
/// The dev broker run the way the AppHost runs it: <c>dotnet AiMesh.DevBroker.dll --port …</c>.
/// Disposing kills the process if it is still running, so a failing test leaves nothing behind.
/// </summary>
internal sealed class DevBrokerProcess : IAsyncDisposable
{
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private DevBrokerProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public IReadOnlyList<string> StandardOutput => [.. _stdout];

    public string StandardError => string.Join('\n', _stderr);

    /// <summary>Starts the broker with exactly these arguments and does not wait for it.</summary>
    public static DevBrokerProcess Start(IEnumerable<string> arguments)
    {
        // `dotnet test` says which host it runs under; the AppHost uses plain `dotnet`.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath ? hostPath : "dotnet";
        var startInfo = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AiMesh.DevBroker.dll"));
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        var broker = new DevBrokerProcess(process);
        process.OutputDataReceived += (_, e) => Collect(broker._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Collect(broker._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return broker;
    }

    /// <summary>Starts the broker for <paramref name="plan"/> and waits until its /health answers 200, as the AppHost does.</summary>
    public static async Task<DevBrokerProcess> StartHealthyAsync(BrokerPlan plan, CancellationToken cancellationToken)
    {
        var broker = Start(plan.Arguments);
        try
        {
            await broker.WaitUntilHealthyAsync(plan, cancellationToken).DefaultTimeout();
            return broker;
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    public async Task WaitUntilHealthyAsync(BrokerPlan plan, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"The broker exited with {_process.ExitCode} before it was healthy.\nstdout:\n{string.Join('\n', _stdout)}\nstderr:\n{StandardError}");
            }

            try
            {
                using var response = await s_http.GetAsync(new Uri(plan.ControlUri, "health"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Sends a POSIX signal the way a terminal or an orchestrator would.</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-s", signal, Pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Waits for the exit and for the end of its output, and returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>The shared objects mapped into the process, from /proc/PID/maps.</summary>
    public IReadOnlyList<string> MappedFiles() =>
        [.. File.ReadAllLines($"/proc/{Pid.ToString(CultureInfo.InvariantCulture)}/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6)
            .Select(fields => string.Join(' ', fields[5..]))
            .Distinct()];

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static void Collect(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }
}
