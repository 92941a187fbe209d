using System.Reflection;
using System.Runtime.InteropServices;

namespace AiMesh.Kafka;

/// <summary>
/// Makes "librdkafka" resolve to the library that the librdkafka.redist package ships, whatever else
/// the machine has installed. The package's default Linux build needs libsasl2.so.3, which Debian 12
/// lacks; its CentOS 8 build loads everywhere. Without this, .NET's probing silently prefers a
/// system librdkafka when one is installed (Debian's is 2.0.2, too old for KIP-848 groups), so
/// which library runs would depend on the machine.
/// </summary>
/// <remarks>
/// Linked into every assembly that reaches librdkafka (the Kafka client integration, the dev broker,
/// the test support), so each registers for the assemblies it P/Invokes from. A resolver can be set
/// once per assembly; a second registration of the same assembly is a no-op.
/// </remarks>
internal static class BundledLibrdkafka
{
    private const string LibraryName = "librdkafka";
    private static readonly Lock s_gate = new();
    private static readonly HashSet<Assembly> s_registered = [];
    private static nint s_handle;

    /// <summary>The bundled library's path, or null on platforms where the package's default is right.</summary>
    public static string? Path { get; } = FindBundledLibrary();

    /// <summary>Resolves <c>librdkafka</c> to the bundled library for P/Invokes declared in <paramref name="assembly"/>.</summary>
    public static void Register(Assembly assembly)
    {
        lock (s_gate)
        {
            if (Path is null || !s_registered.Add(assembly))
            {
                return;
            }

            try
            {
                NativeLibrary.SetDllImportResolver(assembly, Resolve);
            }
            catch (InvalidOperationException)
            {
                // Another copy of this class (linked into a different assembly of the same process)
                // registered this assembly first, with the same resolver logic.
            }
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != LibraryName || Path is null)
        {
            return 0;
        }

        lock (s_gate)
        {
            if (s_handle == 0)
            {
                s_handle = NativeLibrary.Load(Path);
            }

            return s_handle;
        }
    }

    private static string? FindBundledLibrary()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return null;
        }

        var path = System.IO.Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "centos8-librdkafka.so");
        return File.Exists(path) ? path : null;
    }
}
