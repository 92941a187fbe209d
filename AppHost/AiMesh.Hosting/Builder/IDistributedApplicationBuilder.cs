using AiMesh.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace AiMesh.Hosting;

/// <summary>Collects the resources of an application model, then builds the runnable application.</summary>
public interface IDistributedApplicationBuilder
{
    ConfigurationManager Configuration { get; }

    IHostEnvironment Environment { get; }

    DistributedApplicationExecutionContext ExecutionContext { get; }

    DistributedApplicationOptions Options { get; }

    /// <summary>The directory of the AppHost project: relative paths in the model start here.</summary>
    string AppHostDirectory { get; }

    IReadOnlyList<IResource> Resources { get; }

    IResourceBuilder<T> AddResource<T>(T resource) where T : IResource;

    /// <summary>A builder for a resource already in the model, e.g. to change it from a test.</summary>
    IResourceBuilder<T> CreateResourceBuilder<T>(T resource) where T : IResource;

    DistributedApplication Build();
}
