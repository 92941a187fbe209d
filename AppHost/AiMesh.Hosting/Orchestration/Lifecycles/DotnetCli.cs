namespace AiMesh.Hosting.Orchestration.Lifecycles;

/// <summary>The dotnet host that runs the AppHost, reused to run projects and the dev broker.</summary>
internal static class DotnetCli
{
    public static string HostPath { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : "dotnet";

    public static Task<string> RunAsync(IEnumerable<string> args, LifecycleContext context, CancellationToken cancellationToken) =>
        CommandRunner.RunAsync(HostPath, args, context, cancellationToken);
}
