using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AiMesh.Benchmarks.Load;

/// <summary>
/// Sleeps the calling thread until a <see cref="Stopwatch"/> timestamp, to within the kernel's timer
/// slack (tens of microseconds) when a core is free. .NET's timers and sleeps count whole milliseconds,
/// and a timer's callback then waits for a thread-pool thread: an open loop paced by Task.Delay sent
/// its texts up to a millisecond early or a few late.
/// </summary>
internal static partial class Pacer
{
    private const int ClockMonotonic = 1;
    private const long NanosecondsPerSecond = 1_000_000_000;

    public static void SleepUntil(long timestamp)
    {
        // Relative sleeps, since Stopwatch's clock need not be the kernel's CLOCK_MONOTONIC; a signal can
        // end one early, hence the loop.
        for (var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp); left > TimeSpan.Zero; left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp))
        {
            var nanoseconds = left.Ticks * (NanosecondsPerSecond / TimeSpan.TicksPerSecond);
            _ = ClockNanosleep(ClockMonotonic, flags: 0, new TimeSpec(nanoseconds / NanosecondsPerSecond, nanoseconds % NanosecondsPerSecond), remaining: 0);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct TimeSpec(long Seconds, long Nanoseconds);

    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int ClockNanosleep(int clock, int flags, in TimeSpec request, nint remaining);
}
