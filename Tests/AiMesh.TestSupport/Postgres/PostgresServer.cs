using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Npgsql;

namespace AiMesh.Tests.Postgres;

/// <summary>
/// A real, throwaway PostgreSQL 15 on 127.0.0.1 and a free port, with its data directory and unix
/// socket in a fresh temporary directory, password authentication (a generated password for the user
/// <c>postgres</c>) and <c>fsync=off</c>: a test's data never has to survive a crash. Disposing it
/// stops the server (fast shutdown, then the whole process tree is killed) and deletes the directory;
/// as a last resort, servers still running when the test process exits are killed.
/// </summary>
/// <remarks>
/// Use it as a class fixture (<c>IClassFixture&lt;PostgresServer&gt;</c>) and give each test that needs a
/// clean slate its own database with <see cref="CreateDatabaseAsync"/>.
/// </remarks>
public sealed partial class PostgresServer : IAsyncLifetime
{
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";

    // PostgreSQL refuses to run as root: as root, its programs run as this user.
    private const string ServiceUser = "postgres";

    private const int SigInt = 2;
    private const int StartAttempts = 3;

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(10);
    private static readonly ConcurrentDictionary<int, Process> s_running = new();

    private readonly ConcurrentQueue<string> _log = new();
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private string? _directory;
    private Process? _process;
    private int _port;

    static PostgresServer()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in s_running.Values)
            {
                TryKillTree(process);
            }
        };
    }

    /// <summary>The loopback address the server listens on.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The TCP port, known once <see cref="StartAsync"/> returned.</summary>
    public int Port => _port != 0 ? _port : throw NotStarted();

    /// <summary>The superuser every connection string uses.</summary>
    public string UserName => ServiceUser;

    /// <summary>The generated password of <see cref="UserName"/>.</summary>
    public string Password { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The temporary directory holding the data directory (<c>data</c>) and the unix socket.</summary>
    public string Directory => _directory ?? throw NotStarted();

    /// <summary>
    /// Npgsql connection string for the server (user <c>postgres</c>, its default database <c>postgres</c>),
    /// in the form the AppHost gives its PostgreSQL resource.
    /// </summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Username = UserName,
        Password = Password,
    }.ConnectionString;

    /// <summary>Everything the server and initdb wrote, for failure messages.</summary>
    public string Log => string.Join(Environment.NewLine, _log);

    ValueTask IAsyncLifetime.InitializeAsync() => new(StartAsync());

    /// <summary>
    /// Initialises a data directory and starts the server, returning once it accepts password
    /// connections over TCP. Throws with the server's log when it does not within 30 seconds.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            if (_directory is not null)
            {
                throw new InvalidOperationException("The server has already been started.");
            }

            _directory = System.IO.Directory.CreateTempSubdirectory("aimesh-postgres-tests-").FullName;
            await InitializeDataDirectoryAsync(cancellationToken);

            // Another test may take the "free" port between probe and bind; a fresh port fixes that.
            for (var attempt = 1; ; attempt++)
            {
                _port = Ports.Free();
                try
                {
                    await RunServerAsync(cancellationToken);
                    return;
                }
                catch (PortTakenException) when (attempt < StartAttempts)
                {
                    await StopServerAsync();
                }
            }
        }
        catch
        {
            await StopServerAsync();
            DeleteDirectory();
            throw;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    /// <param name="name">A plain lower-case identifier (letters, digits, underscores), so it needs no quoting rules.</param>
    /// <param name="cancellationToken">Cancels the <c>CREATE DATABASE</c>.</param>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a plain lower-case identifier of at most 63 characters.", nameof(name));
        }

        await using (var connection = new NpgsqlConnection(AdminConnectionString()))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Stops the server (fast shutdown, then the process tree is killed) and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            await StopServerAsync();
            DeleteDirectory();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private string DataDirectory => Path.Combine(Directory, "data");

    private async Task InitializeDataDirectoryAsync(CancellationToken cancellationToken)
    {
        var passwordFile = Path.Combine(Directory, "password");
        await File.WriteAllTextAsync(passwordFile, Password, cancellationToken);
        if (Environment.IsPrivilegedProcess)
        {
            await RunToCompletionAsync("chown", ["-R", $"{ServiceUser}:{ServiceUser}", Directory], cancellationToken);
        }

        try
        {
            var (fileName, args) = AsServiceUser("initdb",
            [
                "-D", DataDirectory,
                "-U", UserName,
                $"--pwfile={passwordFile}",
                "--auth=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
                "--no-instructions",
            ]);
            await RunToCompletionAsync(fileName, args, cancellationToken);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private async Task RunServerAsync(CancellationToken cancellationToken)
    {
        var (fileName, args) = AsServiceUser("postgres",
        [
            "-D", DataDirectory,
            "-p", _port.ToString(CultureInfo.InvariantCulture),
            "-c", $"listen_addresses={Host}",
            "-c", $"unix_socket_directories={Directory}",
            "-c", "fsync=off",
            "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off",
            "-c", "max_connections=200",
        ]);
        var logStart = _log.Count;
        var process = Start(fileName, args);
        _process = process;
        s_running[process.Id] = process;

        var probe = new NpgsqlConnectionStringBuilder(AdminConnectionString()) { Timeout = 2 }.ConnectionString;
        var deadline = DateTime.UtcNow + s_startTimeout;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or SocketException or TimeoutException)
            {
                if (process.HasExited)
                {
                    await process.WaitForExitAsync(cancellationToken);
                    var message = $"postgres exited with code {process.ExitCode} before accepting connections on port {_port}:{Environment.NewLine}{Log}";
                    throw _log.Skip(logStart).Any(line => line.Contains("already in use", StringComparison.Ordinal))
                        ? new PortTakenException(message)
                        : new InvalidOperationException(message);
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException(
                        $"postgres did not accept connections on port {_port} within {s_startTimeout.TotalSeconds:0} s:{Environment.NewLine}{Log}",
                        exception);
                }

                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private async Task StopServerAsync()
    {
        var process = Interlocked.Exchange(ref _process, null);
        if (process is null)
        {
            return;
        }

        try
        {
            // SIGINT is PostgreSQL's fast shutdown: it disconnects clients instead of waiting for them.
            // It goes to the postmaster itself, because runuser, the process we started, forks it.
            if (!process.HasExited && ReadPostmasterPid() is { } postmaster)
            {
                _ = kill(postmaster, SigInt);
                await process.WaitForExitAsync().WaitAsync(s_stopTimeout);
            }
        }
        catch (TimeoutException)
        {
            _log.Enqueue($"postgres did not stop within {s_stopTimeout.TotalSeconds:0} s of a fast shutdown; killing it.");
        }
        finally
        {
            TryKillTree(process);
            s_running.TryRemove(process.Id, out _);
            process.Dispose();
        }
    }

    private int? ReadPostmasterPid()
    {
        try
        {
            var firstLine = File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).FirstOrDefault();
            return int.TryParse(firstLine, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private void DeleteDirectory()
    {
        var directory = Interlocked.Exchange(ref _directory, null);
        _port = 0;
        if (directory is null)
        {
            return;
        }

        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary directory is harmless; failing the test over it would not be.
        }
    }

    private string AdminConnectionString() =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;

    private (string FileName, string[] Args) AsServiceUser(string program, string[] args)
    {
        var path = Path.Combine(BinDirectory, program);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: install PostgreSQL 15 (apt-get install postgresql).");
        }

        return Environment.IsPrivilegedProcess
            ? ("runuser", ["-u", ServiceUser, "--", path, .. args])
            : (path, args);
    }

    private Process Start(string fileName, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The service user must be able to enter the working directory it inherits.
            WorkingDirectory = Directory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task RunToCompletionAsync(string fileName, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        using var process = Start(fileName, args);
        try
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(s_startTimeout, cancellationToken);
        }
        catch
        {
            TryKillTree(process);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', args)} failed with exit code {process.ExitCode}:{Environment.NewLine}{Log}");
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            _log.Enqueue(line);
        }
    }

    private static void TryKillTree(Process process)
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

    private static InvalidOperationException NotStarted() => new("The PostgreSQL server has not been started.");

    // .NET can send no signal but SIGKILL; a fast shutdown needs SIGINT.
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();

    private sealed class PortTakenException(string message) : InvalidOperationException(message);
}
