using System.Reflection;
using AiMesh.Hosting.ApplicationModel;
using AiMesh.Hosting.Orchestration;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiMesh.Hosting.Testing;

/// <summary>
/// Starts an AiMesh model from a test, as Aspire.Hosting.Testing does: runs the AppHost's Main up to
/// <c>Build()</c> and hands its model to the test, or starts from an empty model. Every application
/// gets its own temporary state directory, free ports, no console output and no fixed status port;
/// disposing it stops every process and deletes the directory.
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    /// <summary>
    /// The model of an AppHost: <typeparamref name="TEntryPoint"/> is its generated <c>Projects.*</c>
    /// class, or any type in the AppHost's assembly.
    /// </summary>
    public static Task<IDistributedApplicationTestingBuilder> CreateAsync<TEntryPoint>(string[]? args = null, CancellationToken cancellationToken = default)
        where TEntryPoint : class
    {
        var assembly = typeof(IProjectMetadata).IsAssignableFrom(typeof(TEntryPoint))
            ? LoadAppHost((IProjectMetadata)Activator.CreateInstance(typeof(TEntryPoint))!)
            : typeof(TEntryPoint).Assembly;
        var entryPoint = assembly.EntryPoint ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no entry point: it is not an AppHost.");
        var stateDirectory = NewStateDirectory();
        var interception = new AppHostInterception { ConfigureOptions = options => ApplyTestDefaults(options, assembly, stateDirectory) };

        // Main runs on a thread of its own so the interception (an AsyncLocal) flows to it alone.
        return Task.Run<IDistributedApplicationTestingBuilder>(() =>
        {
            AppHostInterception.Current.Value = interception;
            try
            {
                entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? [] : [args ?? []]);
            }
            catch (TargetInvocationException e) when (e.InnerException is AppHostCapturedException)
            {
            }
            catch (AggregateException e) when (e.InnerException is AppHostCapturedException)
            {
            }

            return interception.CapturedBuilder is { } builder
                ? new TestingBuilder(builder, stateDirectory)
                : throw new InvalidOperationException($"{assembly.GetName().Name}'s Main returned without calling Build() on a DistributedApplication builder.");
        }, cancellationToken);
    }

    /// <summary>An empty model for a test to fill in.</summary>
    public static IDistributedApplicationTestingBuilder Create(params string[] args)
    {
        var stateDirectory = NewStateDirectory();
        var options = new DistributedApplicationOptions { Args = args };
        ApplyTestDefaults(options, Assembly.GetCallingAssembly(), stateDirectory);
        return new TestingBuilder(new DistributedApplicationBuilder(options), stateDirectory);
    }

    private static void ApplyTestDefaults(DistributedApplicationOptions options, Assembly appHostAssembly, string stateDirectory)
    {
        options.AppHostAssembly = appHostAssembly;
        options.StateDirectory = stateDirectory;
        options.SecretsFile = Path.Combine(stateDirectory, "secrets.json");
        options.StatusPort = 0;
        options.StreamConsoleOutput = false;
        options.LoggerFactory = NullLoggerFactory.Instance;
        options.Timings = new OrchestratorTimings
        {
            UnhealthyCheckInterval = TimeSpan.FromMilliseconds(250),
            HealthyCheckInterval = TimeSpan.FromSeconds(2),
            InitialRestartDelay = TimeSpan.FromMilliseconds(250),
        };
    }

    private static string NewStateDirectory()
    {
        // Under /tmp, which the postgres user can traverse when tests run as root.
        var directory = Path.Combine(Path.GetTempPath(), "aimesh-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        return directory;
    }

    private static Assembly LoadAppHost(IProjectMetadata metadata) =>
        metadata.TargetPath is { } path && File.Exists(path)
            ? Assembly.LoadFrom(path)
            : throw new InvalidOperationException($"The AppHost {metadata.ProjectPath} is not built (no {metadata.TargetPath}).");

    private sealed class TestingBuilder(DistributedApplicationBuilder inner, string stateDirectory) : IDistributedApplicationTestingBuilder
    {
        public Microsoft.Extensions.Configuration.ConfigurationManager Configuration => inner.Configuration;

        public Microsoft.Extensions.Hosting.IHostEnvironment Environment => inner.Environment;

        public DistributedApplicationExecutionContext ExecutionContext => inner.ExecutionContext;

        public DistributedApplicationOptions Options => inner.Options;

        public string AppHostDirectory => inner.AppHostDirectory;

        public IReadOnlyList<IResource> Resources => inner.Resources;

        public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource => inner.AddResource(resource);

        public IResourceBuilder<T> CreateResourceBuilder<T>(T resource) where T : IResource => inner.CreateResourceBuilder(resource);

        public DistributedApplication Build()
        {
            var app = inner.Build();
            app.Disposed += () => DeleteStateDirectory(stateDirectory);
            return app;
        }

        public Task<DistributedApplication> BuildAsync(CancellationToken cancellationToken = default) => Task.FromResult(Build());

        private static void DeleteStateDirectory(string directory)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still being written by a process that just ended; /tmp is cleaned eventually.
            }
        }
    }
}
