using AiMesh.AppHost.Hosting.Projects;

namespace AiMesh.Benchmarks;

/// <summary>The build output of the projects the benchmark runs as processes of its own: the anchor, and Ai alone (built with the AppHost).</summary>
internal static class BenchmarkProjects
{
    /// <summary>Copied beside this benchmark by its project reference, with its runtime configuration.</summary>
    public static string AnchorAssembly => Path.Combine(AppContext.BaseDirectory, "AiMesh.Anchor.dll");

    public static string AiAssembly => ProjectOutput.AssemblyPath(new Projects.AiMesh_Ai());
}
