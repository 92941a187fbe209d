using System.Diagnostics;
using System.Globalization;
using System.Text;
using AiMesh.Shared;

namespace AiMesh.EndToEnd.Tests.RunCommand;

/// <summary>
/// <c>dotnet run --project AppHost</c> started as a person starts it: in a terminal of its own
/// (a pseudo-terminal made by util-linux's <c>script</c>), so Ctrl-C is a byte typed into it and
/// the terminal's line discipline turns it into SIGINT for the foreground process group. Every
/// process the run starts, detached ones included, inherits a marker variable, which is how the
/// test finds them all (by pid and start time) without confusing them with anything else.
/// </summary>
internal sealed class RunCommandProcess : IAsyncDisposable
{
    /// <summary>The README's run command, as <c>script</c> hands it to the shell.</summary>
    public const string Command = "dotnet run --project AppHost --no-build";

    private const string MarkerVariable = "AIMESH_TEST_RUN_ID";
    private const string ReadyLine = "AiMesh is ready.";

    private readonly Process _terminal;
    private readonly string _marker = Guid.NewGuid().ToString("N");
    private readonly string _stateDirectory;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RunCommandProcess(string stateDirectory)
    {
        _stateDirectory = stateDirectory;
        var startInfo = new ProcessStartInfo("script", ["--quiet", "--flush", "--return", "--command", Command, "/dev/null"])
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.Environment[MarkerVariable] = _marker;
        startInfo.Environment["AppHost__StateDirectory"] = stateDirectory;
        // The dashboard without its login, so the browser test can open it directly.
        startInfo.Environment["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        startInfo.Environment["TERM"] = "dumb";
        _terminal = new Process { StartInfo = startInfo };
        _terminal.OutputDataReceived += (_, line) => OnOutput(line.Data);
        _terminal.ErrorDataReceived += (_, line) => OnOutput(line.Data);
    }

    /// <summary>Everything the run printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<RunCommandProcess> StartReadyAsync(TimeSpan timeout)
    {
        var run = new RunCommandProcess(Directory.CreateTempSubdirectory("aimesh-run-").FullName);
        run._terminal.Start();
        run._terminal.BeginOutputReadLine();
        run._terminal.BeginErrorReadLine();
        try
        {
            await run._ready.Task.WaitAsync(timeout);
            return run;
        }
        catch (TimeoutException ex)
        {
            var output = run.Output;
            await run.DisposeAsync();
            throw new TimeoutException($"The run command did not say \"{ReadyLine}\" within {timeout}. It printed:\n{output}", ex);
        }
    }

    /// <summary>Types Ctrl-C into the run's terminal.</summary>
    public async Task PressCtrlCAsync()
    {
        await _terminal.StandardInput.WriteAsync('\u0003');
        await _terminal.StandardInput.FlushAsync();
    }

    /// <summary>Sends SIGTERM to the terminal's foreground job (<c>dotnet run</c> and the AppHost), as a service manager would.</summary>
    public void SendSigTerm()
    {
        var dotnetRun = Processes().First(process => process.Command.StartsWith("dotnet", StringComparison.Ordinal));
        using var kill = Process.Start("kill", ["-TERM", "--", "-" + ProcessGroup(dotnetRun.Process.Pid).ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Every live process of this run, found by the marker in its environment.</summary>
    public IReadOnlyList<(AppProcess Process, string Command)> Processes()
    {
        var found = new List<(AppProcess, string)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var environment = File.ReadAllText(Path.Combine(directory, "environ"));
                if (!environment.Contains($"{MarkerVariable}={_marker}\0", StringComparison.Ordinal)
                    || ProcessStat.TryRead(pid) is not { IsRunning: true } stat)
                {
                    continue;
                }

                var command = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').Trim();
                found.Add((new AppProcess("run", command, pid, stat.StartTime), command));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or a kernel thread.
            }
        }

        return found;
    }

    public async ValueTask DisposeAsync()
    {
        // Whatever a failed test left running goes, so no later test inherits it.
        foreach (var (process, _) in Processes())
        {
            try
            {
                Process.GetProcessById(process.Pid).Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
            }
        }

        await _terminal.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _terminal.Dispose();
        try
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // PostgreSQL's files are owned by its user; a root cleanup may still race its exit.
        }
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.Contains(ReadyLine, StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }

    private static int ProcessGroup(int pid)
    {
        // Field 5 of /proc/PID/stat, counted after the command name's closing parenthesis.
        var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[2], CultureInfo.InvariantCulture);
    }
}
