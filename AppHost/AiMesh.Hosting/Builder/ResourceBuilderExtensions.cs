using AiMesh.Hosting.ApplicationModel;

namespace AiMesh.Hosting;

/// <summary>The verbs every kind of resource shares: environment, arguments, references, waits, health.</summary>
public static class ResourceBuilderExtensions
{
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string? value)
        where T : IResourceWithEnvironment
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return builder.WithAnnotation(new EnvironmentCallbackAnnotation(name, () => value ?? ""));
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IValueProvider value)
        where T : IResourceWithEnvironment
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        return builder.WithAnnotation(new EnvironmentCallbackAnnotation(name, () => value));
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IResourceBuilder<ParameterResource> parameter)
        where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return builder.WithEnvironment(name, parameter.Resource);
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, Func<EnvironmentCallbackContext, Task> callback)
        where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(callback);
        return builder.WithAnnotation(new EnvironmentCallbackAnnotation(callback));
    }

    public static IResourceBuilder<T> WithArgs<T>(this IResourceBuilder<T> builder, params object[] args)
        where T : IResourceWithArgs
    {
        ArgumentNullException.ThrowIfNull(args);
        foreach (var arg in args)
        {
            if (arg is not (string or IValueProvider))
            {
                throw new ArgumentException($"Arguments must be strings or value providers, not {arg?.GetType().Name ?? "null"}.", nameof(args));
            }
        }

        return builder.WithArgs(context =>
        {
            context.Args.AddRange(args);
            return Task.CompletedTask;
        });
    }

    public static IResourceBuilder<T> WithArgs<T>(this IResourceBuilder<T> builder, Func<CommandLineArgsCallbackContext, Task> callback)
        where T : IResourceWithArgs
    {
        ArgumentNullException.ThrowIfNull(callback);
        return builder.WithAnnotation(new CommandLineArgsCallbackAnnotation(callback));
    }

    /// <summary>
    /// Hands the source's connection string to the resource as <c>ConnectionStrings__{connectionName}</c>,
    /// plus Aspire 13's <c>{NAME}_{PROP}</c> connection properties.
    /// </summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithConnectionString> source, string? connectionName = null)
        where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(source);
        var resource = source.Resource;
        var name = connectionName ?? resource.Name;
        ResourceNames.ThrowIfInvalid(name);
        var prefix = ResourceNames.ToEnvironmentPrefix(name);

        builder.WithAnnotation(new ResourceReferenceAnnotation(resource));
        return builder.WithEnvironment(context =>
        {
            context.EnvironmentVariables[$"ConnectionStrings__{name}"] = context.ExecutionContext.IsPublishMode
                ? new ConnectionStringReference(resource)
                : resource.GetConnectionStringExpression();
            foreach (var (property, value) in resource.GetConnectionProperties())
            {
                context.EnvironmentVariables[$"{prefix}_{property}"] = value;
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// Hands the source's endpoints to the resource as <c>services__{name}__{endpoint}__{i}</c>, one entry
    /// per replica so that clients balance every request (Aspire gives one proxy URL at index 0). A manifest
    /// gets Aspire's single entry, the endpoint's URL expression: there the deployment balances the replicas.
    /// </summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithServiceDiscovery> source)
        where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(source);
        var resource = source.Resource;
        var prefix = ResourceNames.ToEnvironmentPrefix(resource.Name);

        builder.WithAnnotation(new ResourceReferenceAnnotation(resource));
        return builder.WithEnvironment(context =>
        {
            if (context.ExecutionContext.IsPublishMode)
            {
                foreach (var endpoint in resource.GetEndpoints())
                {
                    var url = resource.GetEndpoint(endpoint.Name).Url;
                    context.EnvironmentVariables[$"services__{resource.Name}__{endpoint.Name}__0"] = url;
                    context.EnvironmentVariables[$"{prefix}_{ResourceNames.ToEnvironmentPrefix(endpoint.Name)}"] = url;
                }

                return Task.CompletedTask;
            }

            foreach (var endpoint in resource.GetEndpoints())
            {
                for (var i = 0; i < endpoint.Allocated.Count; i++)
                {
                    context.EnvironmentVariables[$"services__{resource.Name}__{endpoint.Name}__{i}"] = endpoint.Allocated[i].Url;
                }

                if (endpoint.Allocated.Count > 0)
                {
                    context.EnvironmentVariables[$"{prefix}_{ResourceNames.ToEnvironmentPrefix(endpoint.Name)}"] = endpoint.Allocated[0].Url;
                }
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>The resource starts only once <paramref name="dependency"/> is healthy (every replica of it).</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency)
        where T : IResourceWithWaitSupport =>
        builder.AddWait(dependency, WaitType.WaitUntilHealthy);

    /// <summary>The resource starts once <paramref name="dependency"/>'s process runs, healthy or not.</summary>
    public static IResourceBuilder<T> WaitForStart<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency)
        where T : IResourceWithWaitSupport =>
        builder.AddWait(dependency, WaitType.WaitUntilStarted);

    /// <summary>
    /// Health is an HTTP GET of <paramref name="path"/> on every replica answering <paramref name="statusCode"/>.
    /// </summary>
    public static IResourceBuilder<T> WithHttpHealthCheck<T>(this IResourceBuilder<T> builder, string? path = null, int? statusCode = null, string? endpointName = null)
        where T : IResourceWithEndpoints
    {
        var endpoint = builder.Resource.GetEndpoints().FirstOrDefault(e => e.IsHttp && (endpointName is null || e.Name == endpointName))?.Name
            ?? throw new DistributedApplicationException(endpointName is null
                ? $"Resource '{builder.Resource.Name}' has no HTTP endpoint to check."
                : $"Resource '{builder.Resource.Name}' has no HTTP endpoint named '{endpointName}' to check.");
        var normalized = string.IsNullOrEmpty(path) ? "/" : path.StartsWith('/') ? path : "/" + path;
        return builder.WithAnnotation(new HttpHealthCheckAnnotation(endpoint, normalized, statusCode ?? 200), ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>Marks every HTTP endpoint of the resource as reachable from outside the application.</summary>
    public static IResourceBuilder<T> WithExternalHttpEndpoints<T>(this IResourceBuilder<T> builder)
        where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var endpoint in builder.Resource.GetEndpoints().Where(e => e.IsHttp))
        {
            endpoint.IsExternal = true;
        }

        return builder;
    }

    public static IResourceBuilder<T> WithEndpoint<T>(this IResourceBuilder<T> builder, string name, string scheme, int? port = null)
        where T : IResourceWithEndpoints
    {
        ResourceNames.ThrowIfInvalid(name);
        // Case-insensitively: "http" and "HTTP" would both become {NAME}_HTTP and the same configuration key.
        if (builder.Resource.GetEndpoints().Any(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DistributedApplicationException($"Resource '{builder.Resource.Name}' already has an endpoint named '{name}'.");
        }

        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "A port is between 1 and 65535.");
        }

        // The same check as WithReplicas, for an endpoint added after it.
        if (port is not null && builder.Resource.GetReplicaCount() > 1)
        {
            throw new DistributedApplicationException($"Resource '{builder.Resource.Name}' runs {builder.Resource.GetReplicaCount()} replicas, so its endpoint '{name}' cannot have a fixed port.");
        }

        return builder.WithAnnotation(new EndpointAnnotation(name, scheme, port));
    }

    public static IResourceBuilder<T> WithHttpEndpoint<T>(this IResourceBuilder<T> builder, int? port = null, string name = "http")
        where T : IResourceWithEndpoints =>
        builder.WithEndpoint(name, "http", port);

    private static IResourceBuilder<T> AddWait<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency, WaitType waitType)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(dependency);
        if (ReferenceEquals(dependency.Resource, builder.Resource))
        {
            throw new DistributedApplicationException($"Resource '{builder.Resource.Name}' cannot wait for itself.");
        }

        if (dependency.Resource is ParameterResource)
        {
            throw new DistributedApplicationException($"Resource '{builder.Resource.Name}' cannot wait for parameter '{dependency.Resource.Name}': parameters have no state.");
        }

        return builder.WithAnnotation(new WaitAnnotation(dependency.Resource, waitType));
    }
}
