using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using StackExchange.Redis;

namespace AiMesh.Tests.Redis;

/// <summary>
/// A real redis-server on 127.0.0.1 and a free port, with nothing written to disk outside its
/// own temporary directory. It is killed on dispose and, as a last resort, when the test
/// process exits, so a failed or aborted run leaves no server behind.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const string ServerPath = "/usr/bin/redis-server";

    // Linux's numbers (x86-64 and arm64 alike).
    private const int SigCont = 18;
    private const int SigStop = 19;
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(15);
    private static readonly ConcurrentDictionary<int, Process> s_running = new();

    private readonly string[] _extraArgs;
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    static RedisServer()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in s_running.Values)
            {
                TryKill(process);
            }
        };
    }

    private RedisServer(int port, string? password, string directory, string[] extraArgs)
    {
        Port = port;
        Password = password;
        Directory = directory;
        _extraArgs = extraArgs;
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    public string? Password { get; }

    public string Directory { get; }

    /// <summary>The Aspire 9.2+ form: <c>host:port,password=...</c>.</summary>
    public string ConnectionString => Password is null ? $"{Host}:{Port}" : $"{Host}:{Port},password={Password}";

    public static async Task<RedisServer> StartAsync(string? password = "default-test-password", params string[] extraArgs)
    {
        // Another test may grab the "free" port between probe and bind; a fresh port fixes that.
        for (var attempt = 1; ; attempt++)
        {
            var server = new RedisServer(
                Ports.Free(),
                password,
                System.IO.Directory.CreateTempSubdirectory("aimesh-redis-tests-").FullName,
                extraArgs);
            try
            {
                await server.StartAgainAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>
    /// StackExchange.Redis options for this server. AbortOnConnectFail is off, as Aspire sets it, so a
    /// multiplexer made while the server is down connects once it is up.
    /// </summary>
    public ConfigurationOptions CreateOptions(
        TimeSpan? commandTimeout = null,
        TimeSpan? connectTimeout = null,
        string? password = null)
    {
        var timeout = (int)(commandTimeout ?? TimeSpan.FromSeconds(5)).TotalMilliseconds;
        var options = new ConfigurationOptions
        {
            EndPoints = { { Host, Port } },
            Password = password ?? Password,
            SyncTimeout = timeout,
            AsyncTimeout = timeout,
            ConnectTimeout = (int)(connectTimeout ?? TimeSpan.FromSeconds(5)).TotalMilliseconds,
            AbortOnConnectFail = false,
        };
        return options;
    }

    /// <summary>Starts the server (again) on the same port and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("The server is already running.");
        }

        var start = new ProcessStartInfo(ServerPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args =
        [
            "--bind", Host,
            "--port", TlsPortGiven ? "0" : Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--save", string.Empty,
            "--appendonly", "no",
            "--dir", Directory,
            "--daemonize", "no",
            "--logfile", string.Empty,
            .. Password is null ? Array.Empty<string>() : ["--requirepass", Password],
            .. _extraArgs.Select(arg => arg.Replace("{port}", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)),
        ];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            _log.Enqueue(e.Data);
            if (e.Data.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _log.Enqueue(e.Data);
            }
        };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException(
            $"redis-server exited before it was ready on port {Port}:{Environment.NewLine}{Log}"));

        process.Start();
        _process = process;
        s_running[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(s_startTimeout);
        }
        catch (TimeoutException ex)
        {
            await KillAsync();
            throw new InvalidOperationException($"redis-server did not become ready within {s_startTimeout.TotalSeconds} s:{Environment.NewLine}{Log}", ex);
        }
        catch
        {
            await KillAsync();
            throw;
        }
    }

    /// <summary>SIGKILL: the server gets no chance to close connections politely, like a crash.</summary>
    public async Task KillAsync()
    {
        var process = Interlocked.Exchange(ref _process, null);
        if (process is null)
        {
            return;
        }

        TryKill(process);
        await process.WaitForExitAsync().WaitAsync(s_startTimeout);
        s_running.TryRemove(process.Id, out _);
        process.Dispose();
    }

    /// <summary>
    /// SIGSTOP: the server keeps its connections open and reads nothing, so every command waits, as on
    /// a hung Redis. Call <see cref="Thaw"/> in a finally; disposing kills a frozen server all the same.
    /// </summary>
    public void Freeze() => Signal(SigStop, nameof(SigStop));

    /// <summary>SIGCONT: a frozen server runs again and answers what was sent to it meanwhile.</summary>
    public void Thaw() => Signal(SigCont, nameof(SigCont));

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; failing the test over it would not be.
        }
    }

    private bool TlsPortGiven => _extraArgs.Contains("--tls-port");

    private string Log => string.Join(Environment.NewLine, _log);

    private void Signal(int signal, string name)
    {
        var process = _process ?? throw new InvalidOperationException("The server is not running.");
        if (kill(process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"{name} to redis-server (pid {process.Id}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    // .NET can send no signal but SIGKILL.
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
