using System.Reflection;
using AiMesh.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.UserSecrets;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace AiMesh.Hosting;

public sealed class DistributedApplicationBuilder : IDistributedApplicationBuilder
{
    private readonly List<IResource> _resources = [];

    public DistributedApplicationBuilder(DistributedApplicationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        AppHostInterception.Current.Value?.ConfigureOptions?.Invoke(options);
        Options = options;
        options.AppHostAssembly ??= Assembly.GetEntryAssembly();
        AppHostDirectory = FindAppHostDirectory(options.AppHostAssembly);

        // What decides which files to read comes from the environment and the command line alone.
        var bootstrap = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables()
            .AddCommandLine(options.Args, s_publishingSwitches)
            .Build();
        var environmentName = bootstrap["environment"] ?? Environments.Development;
        options.SecretsFile ??= bootstrap["AppHost:SecretsFile"];

        Configuration = new ConfigurationManager();
        Configuration.AddEnvironmentVariables("DOTNET_");

        Configuration.SetBasePath(AppHostDirectory);
        Configuration.AddJsonFile("appsettings.json", optional: true);
        Configuration.AddJsonFile($"appsettings.{environmentName}.json", optional: true);
        if (options.AppHostAssembly?.GetCustomAttribute<UserSecretsIdAttribute>() is not null && options.SecretsFile is null)
        {
            Configuration.AddUserSecrets(options.AppHostAssembly, optional: true, reloadOnChange: false);
        }
        else if (options.SecretsFile is { } secretsFile)
        {
            Configuration.AddJsonFile(secretsFile, optional: true, reloadOnChange: false);
        }

        Configuration.AddEnvironmentVariables();
        Configuration.AddCommandLine(options.Args, s_publishingSwitches);

        Environment = new AppHostEnvironment
        {
            EnvironmentName = environmentName,
            ApplicationName = options.AppHostAssembly?.GetName().Name ?? "AppHost",
            ContentRootPath = AppHostDirectory,
            ContentRootFileProvider = new PhysicalFileProvider(AppHostDirectory),
        };

        var publisher = Configuration["Publishing:Publisher"];
        ExecutionContext = new DistributedApplicationExecutionContext(
            string.IsNullOrEmpty(publisher) ? DistributedApplicationOperation.Run : DistributedApplicationOperation.Publish);
    }

    // Aspire's command line: `--publisher manifest --output-path ./aspire-manifest.json`.
    private static readonly Dictionary<string, string> s_publishingSwitches = new()
    {
        ["--publisher"] = "Publishing:Publisher",
        ["--output-path"] = "Publishing:OutputPath",
    };

    public ConfigurationManager Configuration { get; }

    public IHostEnvironment Environment { get; }

    public DistributedApplicationExecutionContext ExecutionContext { get; }

    public DistributedApplicationOptions Options { get; }

    public string AppHostDirectory { get; }

    public IReadOnlyList<IResource> Resources => _resources;

    public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (_resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DistributedApplicationException($"Cannot add resource '{resource.Name}': a resource with that name already exists.");
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(this, resource);
    }

    public IResourceBuilder<T> CreateResourceBuilder<T>(T resource) where T : IResource => new ResourceBuilder<T>(this, resource);

    public DistributedApplication Build()
    {
        if (AppHostInterception.Current.Value is { CapturedBuilder: null } interception)
        {
            // Under the testing builder the AppHost's Main stops here and the test takes the model over.
            interception.CapturedBuilder = this;
            throw new AppHostCapturedException();
        }

        return new DistributedApplication(this);
    }

    private static string FindAppHostDirectory(Assembly? appHostAssembly)
    {
        var recorded = appHostAssembly?.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "AiMeshAppHostDirectory")?.Value;
        return recorded is not null && Directory.Exists(recorded) ? recorded : Directory.GetCurrentDirectory();
    }

    private sealed class AppHostEnvironment : IHostEnvironment
    {
        public required string EnvironmentName { get; set; }

        public required string ApplicationName { get; set; }

        public required string ContentRootPath { get; set; }

        public required IFileProvider ContentRootFileProvider { get; set; }
    }
}
