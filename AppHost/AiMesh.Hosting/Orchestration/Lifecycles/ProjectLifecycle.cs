using AiMesh.Hosting.ApplicationModel;
using AiMesh.Hosting.Orchestration.Processes;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AiMesh.Hosting.Orchestration.Lifecycles;

/// <summary>Runs a .NET project's built assembly, one process per replica, with Aspire's variables.</summary>
internal sealed class ProjectLifecycle(ProjectResource project) : ResourceLifecycle(project)
{
    // Builds of projects that share dependencies must not run at the same time.
    private static readonly SemaphoreSlim s_buildGate = new(1, 1);

    private string? _targetPath;

    public override string Kind => "Project";

    public override int Replicas => project.Replicas;

    public override bool RunsProcesses => true;

    public override async Task PrepareAsync(LifecycleContext context, CancellationToken cancellationToken)
    {
        if (project.Metadata.TargetPath is { } recorded && File.Exists(recorded))
        {
            _targetPath = recorded;
            return;
        }

        // Not built with the host (a project added by path): build it once, then ask where it went.
        await s_buildGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            context.Log($"Building {project.Metadata.ProjectPath}");
            await DotnetCli.RunAsync(["build", project.Metadata.ProjectPath, "-nologo", "-v", "q"], context, cancellationToken).ConfigureAwait(false);
            var output = await DotnetCli.RunAsync(["msbuild", project.Metadata.ProjectPath, "-nologo", "-getProperty:TargetPath"], context, cancellationToken).ConfigureAwait(false);
            _targetPath = output.Trim();
        }
        finally
        {
            s_buildGate.Release();
        }

        if (!File.Exists(_targetPath))
        {
            throw new DistributedApplicationException($"Building {project.Metadata.ProjectPath} produced no {_targetPath}.");
        }
    }

    public override async Task<ProcessSpec> CreateProcessSpecAsync(ReplicaInfo replica, LifecycleContext context, CancellationToken cancellationToken)
    {
        var environment = ProcessEnvironment.Inherited();
        var urls = project.GetEndpoints().Where(e => e.IsHttp).Select(e => e.Allocated[replica.Index].Url);
        environment["ASPNETCORE_URLS"] = string.Join(';', urls);
        environment["ASPNETCORE_ENVIRONMENT"] = context.Environment.EnvironmentName;
        environment["DOTNET_ENVIRONMENT"] = context.Environment.EnvironmentName;
        environment["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "true";
        environment["LOGGING__CONSOLE__FORMATTERNAME"] = "simple";
        OtlpEnvironment.Add(environment, project.Name, replica.InstanceId, context.Configuration, context.Environment);
        await ProcessEnvironment.AddCallbackValuesAsync(project, replica.Index, context.ExecutionContext, environment, cancellationToken).ConfigureAwait(false);

        var args = await ProcessEnvironment.GetArgsAsync(project, context.ExecutionContext, cancellationToken).ConfigureAwait(false);
        args.Insert(0, _targetPath ?? throw new InvalidOperationException("The project was not prepared."));
        return new ProcessSpec(DotnetCli.HostPath, args, environment, Path.GetDirectoryName(project.Metadata.ProjectPath)!);
    }

    public override Task<HealthCheckResult> CheckHealthAsync(ReplicaInfo replica, CancellationToken cancellationToken)
    {
        if (project.Annotations.LastOrDefault<HttpHealthCheckAnnotation>() is not { } check)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No health check: healthy once running."));
        }

        var endpoint = project.GetEndpoint(check.EndpointName).Annotation.Allocated[replica.Index];
        return HttpHealthProbe.CheckAsync(new Uri(endpoint.Uri, check.Path), check.StatusCode, cancellationToken);
    }
}
