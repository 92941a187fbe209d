using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace AiMesh.DevBroker.Tests.TestSupport;

/// <summary>
/// The dev broker run the way the AppHost runs it: <c>dotnet AiMesh.DevBroker.dll ...</c> with a
/// bootstrap file in a fresh temporary directory. Disposing kills the whole process tree if it
/// is still running, so a failing test leaves nothing behind.
/// </summary>
internal sealed class DevBrokerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private DevBrokerProcess(Process process, string directory, string bootstrapFile)
    {
        _process = process;
        _directory = directory;
        BootstrapFile = bootstrapFile;
    }

    public string BootstrapFile { get; }

    public int Pid => _process.Id;

    public IReadOnlyList<string> StandardOutput => [.. _stdout];

    public string StandardError => string.Join('\n', _stderr);

    /// <summary>Starts the broker; a <c>--bootstrap-file</c> into a temporary directory is added unless <paramref name="withBootstrapFile"/> is false.</summary>
    public static DevBrokerProcess Start(IEnumerable<string> arguments, bool withBootstrapFile = true)
    {
        var directory = Directory.CreateTempSubdirectory("aimesh-devbroker-test-").FullName;
        var bootstrapFile = Path.Combine(directory, "bootstrap.txt");

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

        if (withBootstrapFile)
        {
            startInfo.ArgumentList.Add("--bootstrap-file");
            startInfo.ArgumentList.Add(bootstrapFile);
        }

        var process = new Process { StartInfo = startInfo };
        var broker = new DevBrokerProcess(process, directory, bootstrapFile);
        process.OutputDataReceived += (_, e) => Collect(broker._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Collect(broker._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return broker;
    }

    /// <summary>Waits for the broker to publish its bootstrap list, as the AppHost does, and returns it.</summary>
    public async Task<string> WaitForBootstrapServersAsync(CancellationToken cancellationToken)
    {
        while (!File.Exists(BootstrapFile))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"The broker exited with {_process.ExitCode} before it was ready.\nstdout:\n{string.Join('\n', _stdout)}\nstderr:\n{StandardError}");
            }

            await Task.Delay(25, cancellationToken);
        }

        return await File.ReadAllTextAsync(BootstrapFile, cancellationToken);
    }

    /// <summary>Waits until a stdout line matches; output arrives asynchronously, after the file.</summary>
    public async Task<string> WaitForOutputLineAsync(Func<string, bool> predicate, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_stdout.FirstOrDefault(predicate) is { } line)
            {
                return line;
            }

            await Task.Delay(25, cancellationToken);
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
            Directory.Delete(_directory, recursive: true);
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
