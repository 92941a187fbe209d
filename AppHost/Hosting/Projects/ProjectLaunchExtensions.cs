using AiMesh.AppHost.Hosting.Projects;

namespace Aspire.Hosting;

public static class ProjectLaunchExtensions
{
    /// <summary>
    /// Runs every project straight from its build output (<c>dotnet {project}.dll</c>) instead of
    /// through Aspire's default <c>dotnet run --no-build</c>, which keeps a wrapper process of about
    /// 150 MB beside each replica, and which, if killed alone, orphans an app that outlives the AppHost.
    /// Also drops the in-memory OTLP retry Aspire turns on for projects: with it, apps ignore SIGTERM
    /// until DCP kills them 6–12 s later, so Ctrl-C took 15 s instead of 3.
    /// </summary>
    /// <remarks>
    /// <c>AppHost:ProjectLaunch=DotnetRun</c> keeps Aspire's own launch, to compare the two (the
    /// benchmark's <c>--project-launch dotnet-run</c>).
    /// </remarks>
    public static IDistributedApplicationBuilder RunProjectsFromBuildOutput(this IDistributedApplicationBuilder builder)
    {
        if (!builder.ExecutionContext.IsRunMode
            || string.Equals(builder.Configuration[ProjectOutput.LaunchSetting], ProjectOutput.DotnetRunLaunch, StringComparison.OrdinalIgnoreCase))
        {
            return builder;
        }

        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            foreach (var project in @event.Model.Resources.OfType<ProjectResource>())
            {
                var metadata = project.GetProjectMetadata();
                var assembly = ProjectOutput.AssemblyPath(metadata);
                if (!File.Exists(assembly))
                {
                    // Not built where expected (another output path): Aspire's own launch still works.
                    continue;
                }

                project.Annotations.Add(new ExecutableAnnotation
                {
                    Command = "dotnet",
                    WorkingDirectory = Path.GetDirectoryName(metadata.ProjectPath)!,
                });
                project.Annotations.Add(new CommandLineArgsCallbackAnnotation(args => args.Insert(0, assembly)));
                project.Annotations.Add(new EnvironmentCallbackAnnotation(environment =>
                    environment.Remove("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY")));
            }

            return Task.CompletedTask;
        });

        return builder;
    }
}
