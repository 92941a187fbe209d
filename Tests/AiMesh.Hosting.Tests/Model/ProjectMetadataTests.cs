using AiMesh.Hosting.ApplicationModel;
using static AiMesh.Hosting.Tests.Model.ModelTestSupport;

namespace AiMesh.Hosting.Tests.Model;

public sealed class ProjectMetadataTests
{
    [Fact]
    public void The_generated_class_names_the_project_and_its_built_assembly()
    {
        IProjectMetadata echo = new Projects.AiMesh_TestApps_Echo();

        Assert.EndsWith($"{Path.DirectorySeparatorChar}AiMesh.TestApps.Echo.csproj", echo.ProjectPath, StringComparison.Ordinal);
        Assert.True(Path.IsPathRooted(echo.ProjectPath));
        Assert.True(File.Exists(echo.ProjectPath), echo.ProjectPath);
        Assert.EndsWith($"{Path.DirectorySeparatorChar}AiMesh.TestApps.Echo.dll", echo.TargetPath, StringComparison.Ordinal);
        Assert.True(File.Exists(echo.TargetPath), echo.TargetPath);
    }

    [Fact]
    public void AddProject_keeps_the_metadata()
    {
        var echo = CreateBuilder().AddProject<Projects.AiMesh_TestApps_Echo>("echo");

        Assert.IsType<Projects.AiMesh_TestApps_Echo>(echo.Resource.Metadata);
        Assert.Equal(new Projects.AiMesh_TestApps_Echo().ProjectPath, echo.Resource.Metadata.ProjectPath);
    }

    [Fact]
    public void A_project_added_by_path_is_found_relative_to_the_AppHost_directory()
    {
        var builder = CreateBuilder();

        var echo = builder.AddProject("echo", "../TestApps/AiMesh.TestApps.Echo/AiMesh.TestApps.Echo.csproj");

        Assert.Equal(Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "../TestApps/AiMesh.TestApps.Echo/AiMesh.TestApps.Echo.csproj")), echo.Resource.Metadata.ProjectPath);
        Assert.Equal(new Projects.AiMesh_TestApps_Echo().ProjectPath, echo.Resource.Metadata.ProjectPath);
        Assert.Null(echo.Resource.Metadata.TargetPath);
    }
}
