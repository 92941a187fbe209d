using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace AiMesh.Hosting.Orchestration.Processes;

/// <summary>
/// The state directory's record of every process the AppHost started, by pid and start time. If an
/// AppHost dies without cleaning up (kill -9), the next one reads it and stops what was left.
/// </summary>
internal sealed class ProcessRegistry(string stateDirectory, ILogger logger)
{
    private readonly string _path = Path.Combine(stateDirectory, "processes.json");
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>
    /// Refuses to run beside a live AppHost on the same state, and stops the leftovers of a dead one.
    /// </summary>
    public void ReclaimLeftovers()
    {
        var previous = Read();
        if (previous is null)
        {
            return;
        }

        if (previous.AppHost is { } host && host.Pid != Environment.ProcessId && new ProcessIdentity(host.Pid, host.StartTicks).IsAlive)
        {
            throw new DistributedApplicationException(
                $"Another AppHost (pid {host.Pid}) is running with the state directory {stateDirectory}. Stop it first, or give this one another state directory (AppHost:StateDirectory).");
        }

        foreach (var entry in previous.Processes)
        {
            var identity = new ProcessIdentity(entry.Pid, entry.StartTicks);
            if (identity.IsAlive)
            {
                logger.LogWarning("Stopping {Name} (pid {Pid}), left running by an AppHost that did not stop cleanly.", entry.Name, entry.Pid);
                identity.KillTree();
            }
        }

        File.Delete(_path);
    }

    public void Add(string name, ProcessIdentity identity, string commandLine)
    {
        lock (_lock)
        {
            _entries[name] = new Entry(name, identity.Pid, identity.StartTicks, commandLine);
            Write();
        }
    }

    public void Remove(string name)
    {
        lock (_lock)
        {
            if (_entries.Remove(name))
            {
                Write();
            }
        }
    }

    /// <summary>The impatient path (a second Ctrl-C): every recorded process tree, killed now.</summary>
    public void KillAll()
    {
        Entry[] entries;
        lock (_lock)
        {
            entries = [.. _entries.Values];
        }

        foreach (var entry in entries)
        {
            new ProcessIdentity(entry.Pid, entry.StartTicks).KillTree();
        }
    }

    /// <summary>Called once everything stopped: nothing is left to reclaim.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
            File.Delete(_path);
        }
    }

    private void Write()
    {
        var state = new State(new Entry("apphost", ProcessIdentity.Current.Pid, ProcessIdentity.Current.StartTicks, Environment.CommandLine), [.. _entries.Values]);
        var temporary = _path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(state, s_jsonOptions));
        File.Move(temporary, _path, overwrite: true);
    }

    private State? Read()
    {
        try
        {
            return File.Exists(_path) ? JsonSerializer.Deserialize<State>(File.ReadAllText(_path), s_jsonOptions) : null;
        }
        catch (JsonException e)
        {
            logger.LogWarning(e, "Ignoring an unreadable process record at {Path}.", _path);
            return null;
        }
    }

    private static readonly JsonSerializerOptions s_jsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    internal sealed record Entry(string Name, int Pid, long StartTicks, string CommandLine);

    internal sealed record State(Entry? AppHost, List<Entry> Processes);
}
