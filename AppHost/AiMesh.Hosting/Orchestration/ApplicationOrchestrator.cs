using AiMesh.Hosting.ApplicationModel;
using AiMesh.Hosting.Orchestration.Lifecycles;
using AiMesh.Hosting.Orchestration.Processes;
using AiMesh.Hosting.Parameters;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AiMesh.Hosting.Orchestration;

/// <summary>
/// Runs a model locally: settles what is external, resolves parameters, plans ports, then starts every
/// resource as soon as what it waits for is healthy, and stops them dependents-first.
/// </summary>
internal sealed class ApplicationOrchestrator(
    IReadOnlyList<IResource> resources,
    IConfiguration configuration,
    IHostEnvironment environment,
    DistributedApplicationExecutionContext executionContext,
    DistributedApplicationOptions options,
    string stateDirectory,
    ResourceNotificationService notifications,
    ResourceLoggerService logs,
    OrchestratorTimings timings,
    ILogger logger)
{
    private readonly ProcessRegistry _registry = new(stateDirectory, logger);
    private readonly List<ResourceController> _controllers = [];

    public string StateDirectory { get; } = stateDirectory;

    public ProcessRegistry Registry => _registry;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(StateDirectory);
        Directory.CreateDirectory(logs.LogDirectory);
        _registry.ReclaimLeftovers();

        MarkExternalResources();
        new ParameterResolver(configuration, SecretsStore.For(options, StateDirectory)).Resolve(resources.OfType<ParameterResource>());
        foreach (var parameter in resources.OfType<ParameterResource>())
        {
            notifications.Register(new ResourceSnapshot { Name = parameter.Name, Kind = "Parameter", State = ResourceState.Healthy, ConnectionString = parameter.Value });
        }

        var lifecycles = resources.Select(LifecycleFactory.Create).OfType<ResourceLifecycle>().ToList();
        AllocatePorts(lifecycles);
        foreach (var lifecycle in lifecycles)
        {
            var context = new LifecycleContext
            {
                Resource = lifecycle.Resource,
                ExecutionContext = executionContext,
                Environment = environment,
                Configuration = configuration,
                StateDirectory = Path.Combine(StateDirectory, lifecycle.Resource.Name),
                Logs = logs,
            };
            _controllers.Add(new ResourceController(lifecycle, context, notifications, _registry, timings));
        }

        DependencyOrder.ThrowIfCyclic(_controllers.ToDictionary(c => c.Name, c => c.Dependencies.Select(d => d.Resource.Name).ToArray()));

        foreach (var controller in _controllers)
        {
            var connectionString = controller.Resource is IResourceWithConnectionString withConnectionString && (controller.Resource.IsExternal() || AllEndpointsAllocated(controller.Resource))
                ? await TryGetConnectionStringAsync(withConnectionString, cancellationToken).ConfigureAwait(false)
                : null;
            notifications.Register(controller.InitialSnapshot(connectionString));
        }

        notifications.CompleteRegistration();
        foreach (var controller in _controllers)
        {
            controller.Start();
        }

        // Late-bound connection strings (the dev broker's) appear in the status API once known.
        foreach (var controller in _controllers.Where(c => c.Resource is IResourceWithConnectionString && notifications.GetSnapshot(c.Name)?.ConnectionString is null))
        {
            var resource = (IResourceWithConnectionString)controller.Resource;
            _ = Task.Run(async () =>
            {
                var value = await resource.GetConnectionStringExpression().GetValueAsync(CancellationToken.None).ConfigureAwait(false);
                notifications.Update(controller.Name, s => s with { ConnectionString = value });
            }, CancellationToken.None);
        }
    }

    /// <summary>Stops dependents before what they depend on, all within <paramref name="timeout"/>.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        foreach (var controller in _controllers)
        {
            controller.PrepareToStop();
        }

        // What a resource references must outlive it too, even when it does not wait for it.
        var layers = DependencyOrder.StopLayers(_controllers.ToDictionary(
            c => c.Name,
            c => c.Dependencies.Select(d => d.Resource.Name)
                .Concat(c.Resource.Annotations.OfType<ResourceReferenceAnnotation>().Select(r => r.Resource.Name))
                .Distinct().ToArray()));
        var byName = _controllers.ToDictionary(c => c.Name);
        foreach (var layer in layers)
        {
            // Leave a little of the budget for the layers still to come.
            var remaining = deadline - DateTime.UtcNow;
            var grace = TimeSpan.FromTicks(Math.Max(0, Math.Min(remaining.Ticks / 2, TimeSpan.FromSeconds(10).Ticks)));
            await Task.WhenAll(layer.Select(name => byName[name].StopAsync(grace))).ConfigureAwait(false);
        }

        _registry.Clear();
    }

    private void MarkExternalResources()
    {
        foreach (var resource in resources.OfType<IResourceWithConnectionString>())
        {
            if (configuration.GetConnectionString(resource.Name) is { Length: > 0 } connectionString && !resource.IsExternal())
            {
                resource.Annotations.Add(new ExternalConnectionStringAnnotation(connectionString));
                logger.LogInformation("{Resource}: using the configured ConnectionStrings:{Resource}; nothing is started for it.", resource.Name, resource.Name);
            }
        }
    }

    private void AllocatePorts(IEnumerable<ResourceLifecycle> lifecycles)
    {
        var ports = new PortAllocator();
        foreach (var lifecycle in lifecycles.Where(l => l.RunsProcesses))
        {
            foreach (var endpoint in lifecycle.Resource.GetEndpoints())
            {
                endpoint.Allocated = Enumerable.Range(0, lifecycle.Replicas)
                    .Select(_ => new AllocatedEndpoint(
                        endpoint.Scheme,
                        endpoint.IsHttp ? "localhost" : "127.0.0.1",
                        endpoint.Port is { } fixedPort ? ports.Claim(fixedPort, $"{lifecycle.Resource.Name}/{endpoint.Name}") : ports.Allocate()))
                    .ToArray();
            }
        }
    }

    private static bool AllEndpointsAllocated(IResource resource) => resource.GetEndpoints().All(e => e.Allocated.Count > 0)
        && (resource is not Infrastructure.Postgres.PostgresDatabaseResource database || database.Parent.IsExternal() || AllEndpointsAllocated(database.Parent));

    private static async Task<string?> TryGetConnectionStringAsync(IResourceWithConnectionString resource, CancellationToken cancellationToken)
    {
        var expression = resource.GetConnectionStringExpression();
        var task = expression.GetValueAsync(cancellationToken).AsTask();
        return task.IsCompleted ? await task.ConfigureAwait(false) : null;
    }
}
