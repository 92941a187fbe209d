using System.Runtime.InteropServices;

namespace AiMesh.Hosting.Orchestration.Processes;

internal static partial class NativeMethods
{
    // .NET has no API to send a signal other than SIGKILL; a graceful stop needs SIGTERM or SIGINT.
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    internal static partial uint GetEffectiveUserId();
}
