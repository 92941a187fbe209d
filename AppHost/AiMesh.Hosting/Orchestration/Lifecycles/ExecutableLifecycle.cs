using AiMesh.Hosting.ApplicationModel;
using AiMesh.Hosting.Orchestration.Processes;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AiMesh.Hosting.Orchestration.Lifecycles;

/// <summary>Runs any program as one local process.</summary>
internal sealed class ExecutableLifecycle(ExecutableResource executable) : ResourceLifecycle(executable)
{
    public override string Kind => "Executable";

    public override bool RunsProcesses => true;

    public override async Task<ProcessSpec> CreateProcessSpecAsync(ReplicaInfo replica, LifecycleContext context, CancellationToken cancellationToken)
    {
        var environment = ProcessEnvironment.Inherited();
        await ProcessEnvironment.AddCallbackValuesAsync(executable, replica.Index, context.ExecutionContext, environment, cancellationToken).ConfigureAwait(false);
        var args = await ProcessEnvironment.GetArgsAsync(executable, context.ExecutionContext, cancellationToken).ConfigureAwait(false);
        return new ProcessSpec(executable.Command, args, environment, executable.WorkingDirectory);
    }

    public override Task<HealthCheckResult> CheckHealthAsync(ReplicaInfo replica, CancellationToken cancellationToken)
    {
        if (executable.Annotations.LastOrDefault<HttpHealthCheckAnnotation>() is not { } check)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No health check: healthy once running."));
        }

        var endpoint = executable.GetEndpoint(check.EndpointName).Annotation.Allocated[replica.Index];
        return HttpHealthProbe.CheckAsync(new Uri(endpoint.Uri, check.Path), check.StatusCode, cancellationToken);
    }
}
