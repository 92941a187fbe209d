using System.Text.Json;
using AiMesh.Hosting.ApplicationModel;
using AiMesh.Hosting.Publishing;
using AiMesh.Hosting.Testing;

namespace AiMesh.Hosting.Tests.Publishing;

/// <summary>
/// <c>--publisher manifest</c>: small models written as Aspire manifests and read back as JSON. Each test
/// writes into a directory of its own.
/// </summary>
public sealed class ManifestPublisherTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "aimesh-manifests", Guid.NewGuid().ToString("N")[..12]);

    private string ManifestPath => Path.Combine(_directory, "aspire-manifest.json");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_manifest_names_Aspire_s_schema_and_writes_parameters_as_inputs()
    {
        var builder = CreateBuilder();
        builder.AddParameter("api-key", new GenerateParameterDefault { MinLength = 30, Special = false }, secret: true);
        builder.AddParameter("region", "westeurope");
        builder.AddParameter("signing-key", "do-not-publish", secret: true);

        var manifest = await PublishAsync(builder);

        Assert.Equal("https://json.schemastore.org/aspire-8.0.json", manifest.GetProperty("$schema").GetString());
        var apiKey = Resource(manifest, "api-key");
        Assert.Equal("parameter.v0", apiKey.GetProperty("type").GetString());
        Assert.Equal("{api-key.inputs.value}", apiKey.GetProperty("value").GetString());
        var input = apiKey.GetProperty("inputs").GetProperty("value");
        Assert.Equal("string", input.GetProperty("type").GetString());
        Assert.True(input.GetProperty("secret").GetBoolean());
        var generate = input.GetProperty("default").GetProperty("generate");
        Assert.Equal(30, generate.GetProperty("minLength").GetInt32());
        Assert.False(generate.GetProperty("special").GetBoolean());
        Assert.False(generate.TryGetProperty("lower", out _));

        var region = Resource(manifest, "region").GetProperty("inputs").GetProperty("value");
        Assert.False(region.TryGetProperty("secret", out _));
        Assert.Equal("westeurope", region.GetProperty("default").GetProperty("value").GetString());

        // A secret's constant default is the secret itself: it stays out of the file.
        var signingKey = Resource(manifest, "signing-key").GetProperty("inputs").GetProperty("value");
        Assert.True(signingKey.GetProperty("secret").GetBoolean());
        Assert.False(signingKey.TryGetProperty("default", out _));
        Assert.DoesNotContain("do-not-publish", await File.ReadAllTextAsync(ManifestPath, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Redis_is_a_password_protected_container_with_Aspire_s_connection_string()
    {
        var builder = CreateBuilder();
        builder.AddRedis("redis");

        var manifest = await PublishAsync(builder);

        var redis = Resource(manifest, "redis");
        Assert.Equal("container.v0", redis.GetProperty("type").GetString());
        Assert.Equal("docker.io/library/redis:7.4", redis.GetProperty("image").GetString());
        Assert.Equal("{redis.bindings.tcp.host}:{redis.bindings.tcp.port},password={redis-password.value}", redis.GetProperty("connectionString").GetString());
        Assert.Equal("/bin/sh", redis.GetProperty("entrypoint").GetString());
        Assert.Equal(["-c", "exec redis-server --requirepass \"$REDIS_PASSWORD\""], Strings(redis.GetProperty("args")));
        Assert.Equal("{redis-password.value}", redis.GetProperty("env").GetProperty("REDIS_PASSWORD").GetString());
        AssertTcpBinding(redis, 6379);

        var password = Resource(manifest, "redis-password");
        Assert.Equal("parameter.v0", password.GetProperty("type").GetString());
        var input = password.GetProperty("inputs").GetProperty("value");
        Assert.True(input.GetProperty("secret").GetBoolean());
        Assert.Equal(22, input.GetProperty("default").GetProperty("generate").GetProperty("minLength").GetInt32());
        Assert.False(input.GetProperty("default").GetProperty("generate").GetProperty("special").GetBoolean());
    }

    [Fact]
    public async Task Postgres_is_a_scram_container_and_its_database_a_value_on_its_connection_string()
    {
        var builder = CreateBuilder();
        builder.AddPostgres("postgres").AddDatabase("aimesh");

        var manifest = await PublishAsync(builder);

        var postgres = Resource(manifest, "postgres");
        Assert.Equal("container.v0", postgres.GetProperty("type").GetString());
        Assert.Equal("docker.io/library/postgres:17.6", postgres.GetProperty("image").GetString());
        Assert.Equal(
            "Host={postgres.bindings.tcp.host};Port={postgres.bindings.tcp.port};Username=postgres;Password={postgres-password.value}",
            postgres.GetProperty("connectionString").GetString());
        var env = postgres.GetProperty("env");
        Assert.Equal("scram-sha-256", env.GetProperty("POSTGRES_HOST_AUTH_METHOD").GetString());
        Assert.Equal("--auth-host=scram-sha-256 --auth-local=scram-sha-256", env.GetProperty("POSTGRES_INITDB_ARGS").GetString());
        Assert.Equal("postgres", env.GetProperty("POSTGRES_USER").GetString());
        Assert.Equal("{postgres-password.value}", env.GetProperty("POSTGRES_PASSWORD").GetString());
        AssertTcpBinding(postgres, 5432);

        var database = Resource(manifest, "aimesh");
        Assert.Equal("value.v0", database.GetProperty("type").GetString());
        Assert.Equal("{postgres.connectionString};Database=aimesh", database.GetProperty("connectionString").GetString());

        // The default user is no parameter: nothing refers to one.
        Assert.Equal(["postgres-password", "postgres", "aimesh"], manifest.GetProperty("resources").EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain("postgres-username", await File.ReadAllTextAsync(ManifestPath, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_postgres_user_parameter_is_referred_to_wherever_the_user_is_written()
    {
        var builder = CreateBuilder();
        var user = builder.AddParameter("pg-user", "app");
        builder.AddPostgres("postgres", userName: user);

        var manifest = await PublishAsync(builder);

        var postgres = Resource(manifest, "postgres");
        Assert.Equal("{pg-user.value}", postgres.GetProperty("env").GetProperty("POSTGRES_USER").GetString());
        Assert.Contains(";Username={pg-user.value};", postgres.GetProperty("connectionString").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kafka_is_a_KRaft_container_reached_on_its_tcp_binding()
    {
        var builder = CreateBuilder();
        builder.AddKafka("kafka").WithTopic("data-topic", partitions: 8);

        var manifest = await PublishAsync(builder);

        var kafka = Resource(manifest, "kafka");
        Assert.Equal("container.v0", kafka.GetProperty("type").GetString());
        Assert.Equal("docker.io/confluentinc/confluent-local:7.9.0", kafka.GetProperty("image").GetString());
        Assert.Equal("{kafka.bindings.tcp.host}:{kafka.bindings.tcp.port}", kafka.GetProperty("connectionString").GetString());
        AssertTcpBinding(kafka, 9092);
        Assert.DoesNotContain("data-topic", await File.ReadAllTextAsync(ManifestPath, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_project_gets_its_references_as_manifest_expressions()
    {
        var builder = CreateBuilder();
        var redis = builder.AddRedis("redis");
        var echo = builder.AddProject<Projects.AiMesh_TestApps_Echo>("echo").WithReplicas(3).WithReference(redis);
        builder.AddProject<Projects.AiMesh_TestApps_Echo>("caller")
            .WithReference(echo)
            .WithReference(redis)
            .WithEnvironment("Greeting", "hello")
            .WithEnvironment("RedisPassword", redis.Resource.Password)
            .WithArgs("--verbose", redis.Resource.PrimaryEndpoint.Port);

        var manifest = await PublishAsync(builder);

        var caller = Resource(manifest, "caller");
        Assert.Equal("project.v0", caller.GetProperty("type").GetString());
        Assert.Equal(["--verbose", "{redis.bindings.tcp.port}"], Strings(caller.GetProperty("args")));
        var env = caller.GetProperty("env");
        Assert.Equal("true", env.GetProperty("OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES").GetString());
        Assert.Equal("true", env.GetProperty("OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES").GetString());
        Assert.Equal("in_memory", env.GetProperty("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY").GetString());
        Assert.Equal("true", env.GetProperty("ASPNETCORE_FORWARDEDHEADERS_ENABLED").GetString());
        Assert.Equal("{caller.bindings.http.targetPort}", env.GetProperty("HTTP_PORTS").GetString());
        Assert.Equal("{echo.bindings.http.url}", env.GetProperty("services__echo__http__0").GetString());
        Assert.False(env.TryGetProperty("services__echo__http__1", out _));
        Assert.Equal("{echo.bindings.http.url}", env.GetProperty("ECHO_HTTP").GetString());
        Assert.Equal("{redis.connectionString}", env.GetProperty("ConnectionStrings__redis").GetString());
        Assert.Equal("{redis.bindings.tcp.host}", env.GetProperty("REDIS_HOST").GetString());
        Assert.Equal("{redis.bindings.tcp.port}", env.GetProperty("REDIS_PORT").GetString());
        Assert.Equal("{redis-password.value}", env.GetProperty("REDIS_PASSWORD").GetString());
        Assert.Equal("redis://:{redis-password.value}@{redis.bindings.tcp.host}:{redis.bindings.tcp.port}", env.GetProperty("REDIS_URI").GetString());
        Assert.Equal("hello", env.GetProperty("Greeting").GetString());
        Assert.Equal("{redis-password.value}", env.GetProperty("RedisPassword").GetString());

        var http = caller.GetProperty("bindings").GetProperty("http");
        Assert.Equal("http", http.GetProperty("scheme").GetString());
        Assert.Equal("tcp", http.GetProperty("protocol").GetString());
        Assert.Equal("http", http.GetProperty("transport").GetString());
        Assert.False(http.TryGetProperty("targetPort", out _));
        Assert.False(http.TryGetProperty("external", out _));

        // The schema has no replica count: the replicas leave no trace, not even an invented field.
        var echoEntry = Resource(manifest, "echo");
        Assert.Equal("project.v0", echoEntry.GetProperty("type").GetString());
        Assert.Equal(["type", "path", "env", "bindings"], echoEntry.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task External_http_endpoints_are_marked_external_and_others_are_not()
    {
        var builder = CreateBuilder();
        builder.AddProject<Projects.AiMesh_TestApps_Echo>("ui").WithExternalHttpEndpoints();
        builder.AddProject<Projects.AiMesh_TestApps_Echo>("api");

        var manifest = await PublishAsync(builder);

        Assert.True(Resource(manifest, "ui").GetProperty("bindings").GetProperty("http").GetProperty("external").GetBoolean());
        Assert.False(Resource(manifest, "api").GetProperty("bindings").GetProperty("http").TryGetProperty("external", out _));
    }

    [Fact]
    public async Task Project_paths_are_relative_to_the_manifest_s_directory()
    {
        var builder = CreateBuilder(Path.Combine(_directory, "deploy", "nested", "aspire-manifest.json"));
        var echo = builder.AddProject<Projects.AiMesh_TestApps_Echo>("echo");

        var manifest = await PublishAsync(builder, Path.Combine(_directory, "deploy", "nested", "aspire-manifest.json"));

        var path = Resource(manifest, "echo").GetProperty("path").GetString()!;
        Assert.False(Path.IsPathRooted(path));
        Assert.EndsWith("/AiMesh.TestApps.Echo.csproj", path, StringComparison.Ordinal);
        Assert.Equal(echo.Resource.Metadata.ProjectPath, Path.GetFullPath(path, Path.Combine(_directory, "deploy", "nested")));
    }

    [Fact]
    public async Task An_executable_keeps_its_command_and_gets_a_relative_working_directory()
    {
        var builder = CreateBuilder();
        var redis = builder.AddRedis("redis");
        var workingDirectory = Path.Combine(_directory, "tools");
        builder.AddExecutable("worker", "python3", workingDirectory, "worker.py")
            .WithHttpEndpoint()
            .WithReference(redis);

        var manifest = await PublishAsync(builder);

        var worker = Resource(manifest, "worker");
        Assert.Equal("executable.v0", worker.GetProperty("type").GetString());
        Assert.Equal("python3", worker.GetProperty("command").GetString());
        Assert.Equal("tools", worker.GetProperty("workingDirectory").GetString());
        Assert.Equal(["worker.py"], Strings(worker.GetProperty("args")));
        Assert.Equal("{redis.connectionString}", worker.GetProperty("env").GetProperty("ConnectionStrings__redis").GetString());
        Assert.False(worker.GetProperty("env").TryGetProperty("HTTP_PORTS", out _));
        Assert.Equal(8000, worker.GetProperty("bindings").GetProperty("http").GetProperty("targetPort").GetInt32());
    }

    [Fact]
    public async Task Publishing_starts_nothing_and_resolves_no_parameter()
    {
        var builder = CreateBuilder();
        var redis = builder.AddRedis("redis");
        builder.AddPostgres("postgres").AddDatabase("aimesh");
        builder.AddKafka("kafka");
        builder.AddProject<Projects.AiMesh_TestApps_Echo>("echo").WithReference(redis);
        await using var app = await builder.BuildAsync().DefaultTimeout();

        await app.RunAsync().DefaultTimeout();

        Assert.True(File.Exists(ManifestPath));
        // No processes.json, no logs, no generated secrets: the state directory is as the testing builder made it.
        Assert.Empty(Directory.EnumerateFileSystemEntries(app.StateDirectory));
        Assert.Null(app.StatusApiUrl);
        Assert.Null(app.ResourceNotifications.GetSnapshot("redis"));
        Assert.False(redis.Resource.Password.HasValue);
    }

    [Fact]
    public async Task An_unknown_publisher_is_an_error_naming_the_supported_one()
    {
        var builder = DistributedApplicationTestingBuilder.Create("--publisher", "docker-compose", "--output-path", ManifestPath);
        builder.AddRedis("redis");
        await using var app = await builder.BuildAsync().DefaultTimeout();

        var error = await Assert.ThrowsAsync<DistributedApplicationException>(() => app.RunAsync()).DefaultTimeout();

        Assert.Contains("'docker-compose'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Supported publishers: manifest", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(ManifestPath));
        Assert.Empty(Directory.EnumerateFileSystemEntries(app.StateDirectory));
    }

    [Theory]
    [InlineData(null, "/work/aspire-manifest.json")]
    [InlineData("", "/work/aspire-manifest.json")]
    [InlineData("out/manifest.json", "/work/out/manifest.json")]
    [InlineData("../aspire-manifest.json", "/aspire-manifest.json")]
    [InlineData("deploy", "/work/deploy/aspire-manifest.json")]
    [InlineData("/tmp/m/aspire-manifest.json", "/tmp/m/aspire-manifest.json")]
    public void The_output_path_is_relative_to_the_current_directory_and_defaults_to_aspire_manifest_json(string? configured, string expected)
    {
        Assert.Equal(expected, ManifestPublisher.ResolveOutputPath(configured, "/work"));
    }

    [Fact]
    public async Task The_AiMesh_AppHost_publishes_its_infrastructure_passwords_parameters_and_services()
    {
        var builder = await DistributedApplicationTestingBuilder
            .CreateAsync<Projects.AiMesh_AppHost>(["--publisher", "manifest", "--output-path", ManifestPath])
            .DefaultTimeout();
        await using var app = await builder.BuildAsync().DefaultTimeout();

        await app.RunAsync().DefaultTimeout();

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(ManifestPath, TestContext.Current.CancellationToken));
        var resources = document.RootElement.GetProperty("resources");
        Assert.Equal("container.v0", resources.GetProperty("kafka").GetProperty("type").GetString());
        Assert.Equal("container.v0", resources.GetProperty("redis").GetProperty("type").GetString());
        Assert.Equal("container.v0", resources.GetProperty("postgres").GetProperty("type").GetString());
        Assert.Equal("value.v0", resources.GetProperty("aimesh").GetProperty("type").GetString());
        Assert.Equal("parameter.v0", resources.GetProperty("redis-password").GetProperty("type").GetString());
        Assert.Equal("parameter.v0", resources.GetProperty("postgres-password").GetProperty("type").GetString());
        Assert.Equal("parameter.v0", resources.GetProperty("cache-ttl").GetProperty("type").GetString());
        foreach (var project in new[] { "ai", "results", "ingest", "inference", "web" })
        {
            Assert.Equal("project.v0", resources.GetProperty(project).GetProperty("type").GetString());
        }

        Assert.Equal("{cache-ttl.value}", resources.GetProperty("inference").GetProperty("env").GetProperty("Inference__CacheTtl").GetString());
        Assert.True(resources.GetProperty("web").GetProperty("bindings").GetProperty("http").GetProperty("external").GetBoolean());
        Assert.Equal(12, resources.EnumerateObject().Count());
        Assert.Empty(Directory.EnumerateFileSystemEntries(app.StateDirectory));
    }

    private IDistributedApplicationTestingBuilder CreateBuilder(string? manifestPath = null) =>
        DistributedApplicationTestingBuilder.Create("--publisher", "manifest", "--output-path", manifestPath ?? ManifestPath);

    private async Task<JsonElement> PublishAsync(IDistributedApplicationTestingBuilder builder, string? manifestPath = null)
    {
        await using var app = await builder.BuildAsync().DefaultTimeout();
        await app.RunAsync().DefaultTimeout();
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(manifestPath ?? ManifestPath, TestContext.Current.CancellationToken));
        return document.RootElement.Clone();
    }

    private static JsonElement Resource(JsonElement manifest, string name) => manifest.GetProperty("resources").GetProperty(name);

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString() ?? "")];

    private static void AssertTcpBinding(JsonElement resource, int targetPort)
    {
        var tcp = resource.GetProperty("bindings").GetProperty("tcp");
        Assert.Equal("tcp", tcp.GetProperty("scheme").GetString());
        Assert.Equal("tcp", tcp.GetProperty("protocol").GetString());
        Assert.Equal("tcp", tcp.GetProperty("transport").GetString());
        Assert.Equal(targetPort, tcp.GetProperty("targetPort").GetInt32());
    }
}
