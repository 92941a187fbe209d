using System.Diagnostics;

namespace AiMesh.Hosting.Orchestration.Processes;

/// <summary>A started child process: its output goes line by line to a sink, and it stops gracefully or by force.</summary>
internal sealed class RunningProcess : IAsyncDisposable
{
    private static readonly string? s_setsid = File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : null;

    private readonly Process _process;
    private readonly ProcessSpec _spec;
    private readonly TaskCompletionSource<int> _exited;

    private RunningProcess(Process process, ProcessSpec spec, TaskCompletionSource<int> exited)
    {
        _process = process;
        _spec = spec;
        _exited = exited;
        Identity = ProcessIdentity.TryGet(process.Id) ?? new ProcessIdentity(process.Id, 0);
    }

    public ProcessIdentity Identity { get; }

    public int Pid => Identity.Pid;

    /// <summary>Completes with the exit code once the process and its output have ended.</summary>
    public Task<int> Exited => _exited.Task;

    /// <summary>Starts the process; throws <see cref="System.ComponentModel.Win32Exception"/> if it cannot.</summary>
    public static RunningProcess Start(ProcessSpec spec, Action<string, bool> onOutputLine)
    {
        // Checked here because setsid would otherwise start fine and only then fail to exec the program,
        // which would look like a crash (and a restart loop) instead of a failure to start.
        var program = ExecutableLocator.Find(spec.FileName)
            ?? throw new FileNotFoundException($"Cannot start '{spec.FileName}': no such executable file{(spec.FileName.Contains('/', StringComparison.Ordinal) ? "" : " on PATH")}.");

        // A session of its own keeps the child out of the AppHost's process group: a Ctrl-C in the
        // terminal reaches only the AppHost, which then stops children in dependency order.
        // setsid execs in place (the child is no group leader), so the pid stays the program's.
        var startInfo = new ProcessStartInfo(s_setsid ?? program)
        {
            WorkingDirectory = spec.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        if (s_setsid is not null)
        {
            startInfo.ArgumentList.Add(program);
        }

        foreach (var arg in spec.Args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        startInfo.Environment.Clear();
        foreach (var (name, value) in spec.Environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var outputDone = new CountdownEvent(2);
        process.OutputDataReceived += (_, e) => OnLine(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, isError: true);
        process.Exited += (_, _) => _ = Task.Run(() =>
        {
            // Exited fires before the output streams are drained; wait for both to reach their end.
            outputDone.Wait(TimeSpan.FromSeconds(5));
            exited.TrySetResult(process.ExitCode);
        });

        process.Start();
        var running = new RunningProcess(process, spec, exited);
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;

        void OnLine(string? line, bool isError)
        {
            if (line is null)
            {
                outputDone.Signal();
                return;
            }

            onOutputLine(line, isError);
        }
    }

    /// <summary>
    /// Asks the process to stop with its stop signal; kills the whole tree if it has not ended within
    /// <paramref name="gracePeriod"/>.
    /// </summary>
    public async Task StopAsync(TimeSpan gracePeriod)
    {
        if (_exited.Task.IsCompleted)
        {
            return;
        }

        if (gracePeriod > TimeSpan.Zero && NativeMethods.Kill(Pid, (int)_spec.StopSignal) == 0)
        {
            try
            {
                await _exited.Task.WaitAsync(gracePeriod).ConfigureAwait(false);
                return;
            }
            catch (TimeoutException)
            {
            }
        }

        Kill();
        await _exited.Task.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
    }

    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.Zero).ConfigureAwait(false);
        _process.Dispose();
    }
}
