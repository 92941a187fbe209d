using System.Reflection;

namespace AiMesh.AppHost.Hosting.Projects;

/// <summary>
/// Where a referenced project's build output is. The AppHost and every project it references are
/// built together, with the same configuration, into each project's default output folder.
/// </summary>
public static class ProjectOutput
{
    /// <summary>The AppHost setting that chooses how projects are launched.</summary>
    public const string LaunchSetting = "AppHost:ProjectLaunch";

    /// <summary>The value of <see cref="LaunchSetting"/> that keeps Aspire's <c>dotnet run --no-build</c>.</summary>
    public const string DotnetRunLaunch = "DotnetRun";

    private static readonly string s_configuration =
        typeof(ProjectOutput).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    // ".NETCoreApp,Version=v10.0" → "net10.0": the AppHost targets what its projects target.
    private static readonly string s_targetFramework =
        "net" + typeof(ProjectOutput).Assembly.GetCustomAttribute<System.Runtime.Versioning.TargetFrameworkAttribute>()!.FrameworkName.Split("=v")[1];

    /// <summary>The project's main assembly, <c>bin/{configuration}/{framework}/{project}.dll</c> beside its project file.</summary>
    public static string AssemblyPath(IProjectMetadata project)
    {
        var projectDirectory = Path.GetDirectoryName(project.ProjectPath)!;
        var assemblyName = Path.GetFileNameWithoutExtension(project.ProjectPath);
        return Path.Combine(projectDirectory, "bin", s_configuration, s_targetFramework, assemblyName + ".dll");
    }
}
