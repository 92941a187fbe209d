using System.Globalization;

namespace AiMesh.Shared;

/// <summary>
/// The fields of Linux's <c>/proc/PID/stat</c> that tell whether a pid is still the same live process,
/// and whose child it is. Linked into the end-to-end tests, the AppHost tests and the pipeline benchmark.
/// </summary>
/// <param name="State">Field 3: R, S, D, Z (zombie), X (dead), ...</param>
/// <param name="ParentPid">Field 4: the parent's pid.</param>
/// <param name="StartTime">Field 22: start time in clock ticks since boot; a reused pid gets a new one.</param>
internal readonly record struct ProcessStat(char State, int ParentPid, ulong StartTime)
{
    // Field numbers as proc(5) counts them, from 1; field 3 is the first after "(comm)".
    private const int StateField = 3;
    private const int ParentPidField = 4;
    private const int StartTimeField = 22;

    /// <summary>A zombie has exited and only waits for its parent to reap it.</summary>
    public bool IsRunning => State is not ('Z' or 'X' or 'x');

    /// <summary>Parses one stat line, or returns false if it is not one.</summary>
    /// <remarks>
    /// Field 2 is the command name in parentheses, and the name itself may hold spaces and
    /// parentheses, so the fixed fields are counted from the last ')'.
    /// </remarks>
    public static bool TryParse(string statLine, out ProcessStat stat)
    {
        stat = default;
        var commEnd = statLine.LastIndexOf(')');
        if (commEnd < 0)
        {
            return false;
        }

        var fields = statLine[(commEnd + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length <= StartTimeField - StateField
            || fields[0].Length != 1
            || !int.TryParse(fields[ParentPidField - StateField], NumberStyles.None, CultureInfo.InvariantCulture, out var parentPid)
            || !ulong.TryParse(fields[StartTimeField - StateField], NumberStyles.None, CultureInfo.InvariantCulture, out var startTime))
        {
            return false;
        }

        stat = new ProcessStat(fields[0][0], parentPid, startTime);
        return true;
    }

    /// <summary>Reads a process's stat, or returns null when there is no such process.</summary>
    public static ProcessStat? TryRead(int pid)
    {
        string line;
        try
        {
            line = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return TryParse(line, out var stat) ? stat : null;
    }
}
