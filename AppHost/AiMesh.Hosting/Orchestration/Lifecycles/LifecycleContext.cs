using AiMesh.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace AiMesh.Hosting.Orchestration.Lifecycles;

/// <summary>What a lifecycle may use while it starts, checks and stops its resource.</summary>
internal sealed class LifecycleContext
{
    public required IResource Resource { get; init; }

    public required DistributedApplicationExecutionContext ExecutionContext { get; init; }

    public required IHostEnvironment Environment { get; init; }

    public required IConfiguration Configuration { get; init; }

    /// <summary>The resource's own directory under the AppHost's state directory (created on demand).</summary>
    public required string StateDirectory { get; init; }

    public required ResourceLoggerService Logs { get; init; }

    /// <summary>Writes a line into the resource's log in the AppHost's own voice.</summary>
    public void Log(string text, bool isError = false) => Logs.Write(Resource.Name, Resource.Name, $"[apphost] {text}", isError);
}
