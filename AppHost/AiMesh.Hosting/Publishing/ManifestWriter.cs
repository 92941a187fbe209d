using System.Globalization;
using System.Text.Json;
using AiMesh.Hosting.ApplicationModel;
using AiMesh.Hosting.Infrastructure.Postgres;
using Microsoft.Extensions.Logging;

namespace AiMesh.Hosting.Publishing;

/// <summary>
/// Writes the resources of a model in the shape of Aspire's manifest schema (aspire-8.0.json), each value
/// that is only known at run time as its manifest expression (<c>{redis.bindings.tcp.port}</c>).
/// </summary>
internal sealed class ManifestWriter
{
    private const string SchemaUrl = "https://json.schemastore.org/aspire-8.0.json";

    // Aspire's first target port for the extra endpoints of projects and executables: the default HTTP
    // endpoints are left to the deployment (HTTP_PORTS), every other one needs a port of its own.
    private const int FirstAssignedTargetPort = 8000;

    private readonly Utf8JsonWriter _json;
    private readonly string _manifestDirectory;
    private readonly DistributedApplicationExecutionContext _executionContext;
    private readonly ILogger _logger;
    private readonly CancellationToken _cancellationToken;
    private int _nextTargetPort = FirstAssignedTargetPort;

    private ManifestWriter(Utf8JsonWriter json, string manifestPath, DistributedApplicationExecutionContext executionContext, ILogger logger, CancellationToken cancellationToken)
    {
        _json = json;
        _manifestDirectory = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        _executionContext = executionContext;
        _logger = logger;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The manifest as UTF-8 JSON; relative paths in it start at <paramref name="manifestPath"/>'s directory.</summary>
    public static async Task<byte[]> WriteAsync(
        IReadOnlyList<IResource> resources,
        DistributedApplicationExecutionContext executionContext,
        string manifestPath,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            var writer = new ManifestWriter(json, manifestPath, executionContext, logger, cancellationToken);
            json.WriteStartObject();
            json.WriteString("$schema", SchemaUrl);
            json.WriteStartObject("resources");
            foreach (var resource in resources)
            {
                await writer.WriteResourceAsync(resource).ConfigureAwait(false);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private async Task WriteResourceAsync(IResource resource)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        _json.WriteStartObject(resource.Name);
        switch (resource)
        {
            case ParameterResource parameter:
                WriteParameter(parameter);
                break;
            case ProjectResource project:
                await WriteProjectAsync(project).ConfigureAwait(false);
                break;
            case ExecutableResource executable:
                await WriteExecutableAsync(executable).ConfigureAwait(false);
                break;
            case PostgresDatabaseResource database:
                // Aspire's form: the server's connection string by reference, so a deployment resolves it in one place.
                WriteValue(ReferenceExpression.Create($"{new ConnectionStringReference(database.Parent)};Database={database.DatabaseName}"));
                break;
            case IResourceWithConnectionString withConnectionString when InfrastructureContainers.For(resource) is { } container:
                WriteContainer(withConnectionString, container);
                break;
            case IResourceWithConnectionString withConnectionString:
                WriteValue(withConnectionString.ConnectionStringExpression);
                break;
            default:
                // As Aspire does: the manifest still names the resource, so a deployment cannot miss it silently.
                _logger.LogWarning("Resource {Resource} ({Type}) has no manifest form; it is written as an error entry.", resource.Name, resource.GetType().Name);
                _json.WriteString("error", "This resource does not support generation in the manifest.");
                break;
        }

        _json.WriteEndObject();
    }

    private void WriteParameter(ParameterResource parameter)
    {
        _json.WriteString("type", "parameter.v0");
        _json.WriteString("value", $"{{{parameter.Name}.inputs.value}}");
        _json.WriteStartObject("inputs");
        _json.WriteStartObject("value");
        _json.WriteString("type", "string");
        if (parameter.Secret)
        {
            _json.WriteBoolean("secret", true);
        }

        // A constant default of a secret would put the secret itself in the manifest (Aspire refuses the same).
        if (parameter.Default is { } defaultValue && !(parameter.Secret && defaultValue is ConstantParameterDefault))
        {
            var manifest = defaultValue.ToManifest();
            _json.WritePropertyName("default");
            JsonSerializer.Serialize(_json, manifest, manifest.GetType());
        }

        _json.WriteEndObject();
        _json.WriteEndObject();
    }

    private void WriteValue(ReferenceExpression connectionString)
    {
        _json.WriteString("type", "value.v0");
        _json.WriteString("connectionString", connectionString.ValueExpression);
    }

    private void WriteContainer(IResource resource, ContainerSpec container)
    {
        _json.WriteString("type", "container.v0");
        _json.WriteString("connectionString", container.ConnectionString.ValueExpression);
        _json.WriteString("image", container.Image);
        if (container.Entrypoint is not null)
        {
            _json.WriteString("entrypoint", container.Entrypoint);
        }

        WriteArgs(resource, container.Args);
        WriteEnvironment(resource, container.Environment);
        WriteBindings(container.Bindings);
    }

    private async Task WriteProjectAsync(ProjectResource project)
    {
        // project.v1 adds only a deployment target; Aspire's schema has no replica count, so the deployment
        // chooses its own scale.
        if (project.Replicas > 1)
        {
            _logger.LogWarning("Resource {Resource} runs {Replicas} replicas locally; Aspire manifests carry no replica count, so set the scale in the deployment.", project.Name, project.Replicas);
        }

        _json.WriteString("type", "project.v0");
        _json.WriteString("path", RelativeToManifest(project.Metadata.ProjectPath));
        WriteArgs(project, await GetArgsAsync(project).ConfigureAwait(false));
        var environment = ProjectDefaults(project);
        foreach (var (name, value) in await GetEnvironmentAsync(project).ConfigureAwait(false))
        {
            environment[name] = value;
        }

        WriteEnvironment(project, environment);
        WriteBindings(BindingsOf(project, defaultHttpEndpointsHaveNoTargetPort: true));
    }

    private async Task WriteExecutableAsync(ExecutableResource executable)
    {
        _json.WriteString("type", "executable.v0");
        _json.WriteString("workingDirectory", RelativeToManifest(executable.WorkingDirectory));
        _json.WriteString("command", executable.Command);
        WriteArgs(executable, await GetArgsAsync(executable).ConfigureAwait(false));
        WriteEnvironment(executable, await GetEnvironmentAsync(executable).ConfigureAwait(false));
        WriteBindings(BindingsOf(executable, defaultHttpEndpointsHaveNoTargetPort: false));
    }

    /// <summary>
    /// What Aspire gives every project when publishing: OTLP exporter behaviour, forwarded headers behind the
    /// deployment's ingress, and Kestrel's ports taken from the bindings.
    /// </summary>
    private static OrderedDictionary<string, object> ProjectDefaults(ProjectResource project)
    {
        var environment = new OrderedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES"] = "true",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES"] = "true",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory",
        };

        var http = project.GetEndpoints().Where(e => e.Scheme == "http").ToList();
        var https = project.GetEndpoints().Where(e => e.Scheme == "https").ToList();
        if (http.Count + https.Count > 0)
        {
            environment["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true";
        }

        if (http.Count > 0)
        {
            environment["HTTP_PORTS"] = string.Join(';', http.Select(e => $"{{{project.Name}.bindings.{e.Name}.targetPort}}"));
        }

        if (https.Count > 0)
        {
            environment["HTTPS_PORTS"] = string.Join(';', https.Select(e => $"{{{project.Name}.bindings.{e.Name}.targetPort}}"));
        }

        return environment;
    }

    private async Task<IReadOnlyList<KeyValuePair<string, object>>> GetEnvironmentAsync(IResource resource)
    {
        var context = new EnvironmentCallbackContext(_executionContext, replicaIndex: 0, _cancellationToken);
        foreach (var annotation in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await annotation.Callback(context).ConfigureAwait(false);
        }

        return [.. context.EnvironmentVariables];
    }

    private async Task<IReadOnlyList<object>> GetArgsAsync(IResource resource)
    {
        var context = new CommandLineArgsCallbackContext(_executionContext, _cancellationToken);
        foreach (var annotation in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await annotation.Callback(context).ConfigureAwait(false);
        }

        return context.Args;
    }

    private void WriteArgs(IResource resource, IReadOnlyList<object> args)
    {
        if (args.Count == 0)
        {
            return;
        }

        _json.WriteStartArray("args");
        foreach (var arg in args)
        {
            _json.WriteStringValue(ToManifestValue(resource, arg, "an argument"));
        }

        _json.WriteEndArray();
    }

    private void WriteEnvironment(IResource resource, IEnumerable<KeyValuePair<string, object>> environment)
    {
        var first = true;
        foreach (var (name, value) in environment)
        {
            if (first)
            {
                _json.WriteStartObject("env");
                first = false;
            }

            _json.WriteString(name, ToManifestValue(resource, value, $"the variable {name}"));
        }

        if (!first)
        {
            _json.WriteEndObject();
        }
    }

    private void WriteBindings(IReadOnlyList<ManifestBinding> bindings)
    {
        if (bindings.Count == 0)
        {
            return;
        }

        _json.WriteStartObject("bindings");
        foreach (var binding in bindings)
        {
            _json.WriteStartObject(binding.Name);
            _json.WriteString("scheme", binding.Scheme);
            _json.WriteString("protocol", "tcp");
            _json.WriteString("transport", binding.Transport);
            if (binding.TargetPort is { } targetPort)
            {
                _json.WriteNumber("targetPort", targetPort);
            }

            if (binding.External)
            {
                _json.WriteBoolean("external", true);
            }

            _json.WriteEndObject();
        }

        _json.WriteEndObject();
    }

    /// <summary>
    /// An AiMesh endpoint's port is where the process itself listens (there is no proxy), so a fixed one is
    /// the target port. Projects leave their first HTTP and HTTPS endpoints to the deployment, as Aspire's do.
    /// </summary>
    private List<ManifestBinding> BindingsOf(IResourceWithEndpoints resource, bool defaultHttpEndpointsHaveNoTargetPort)
    {
        var bindings = new List<ManifestBinding>();
        var seenSchemes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in resource.GetEndpoints())
        {
            var isDefault = defaultHttpEndpointsHaveNoTargetPort && endpoint.IsHttp && seenSchemes.Add(endpoint.Scheme);
            var targetPort = endpoint.Port ?? (isDefault ? null : _nextTargetPort++);
            bindings.Add(new ManifestBinding(endpoint.Name, endpoint.Scheme, endpoint.IsHttp ? "http" : "tcp", targetPort, endpoint.IsExternal));
        }

        return bindings;
    }

    private string RelativeToManifest(string path) => Path.GetRelativePath(_manifestDirectory, path).Replace('\\', '/');

    private static string ToManifestValue(IResource resource, object value, string what) => value switch
    {
        string text => text,
        IManifestExpressionProvider expression => expression.ValueExpression,
        IValueProvider => throw new DistributedApplicationException(
            $"Resource '{resource.Name}' cannot be published: {what} is only known at run time and has no manifest expression."),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
