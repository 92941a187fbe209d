using AiMesh.Hosting.ApplicationModel;
using static AiMesh.Hosting.Tests.Model.ModelTestSupport;

namespace AiMesh.Hosting.Tests.Model;

public sealed class WithReferenceConnectionStringTests
{
    [Fact]
    public async Task A_Redis_reference_gives_the_connection_string_and_Aspire_13_properties()
    {
        var builder = CreateBuilder();
        var redis = builder.AddRedis("redis");
        var api = builder.AddProject<Projects.AiMesh_TestApps_Echo>("api").WithReference(redis);
        Allocate(redis.Resource, "tcp", new AllocatedEndpoint("tcp", "127.0.0.1", 6380));
        redis.Resource.Password.Value = "Pa55word";

        var environment = await GetEnvironmentAsync(api.Resource);

        Assert.Equal("127.0.0.1:6380,password=Pa55word", environment["ConnectionStrings__redis"]);
        Assert.Equal("127.0.0.1", environment["REDIS_HOST"]);
        Assert.Equal("6380", environment["REDIS_PORT"]);
        Assert.Equal("Pa55word", environment["REDIS_PASSWORD"]);
        Assert.Equal("redis://:Pa55word@127.0.0.1:6380", environment["REDIS_URI"]);
        Assert.Equal(5, environment.Count);
        Assert.Same(redis.Resource, Assert.Single(api.Resource.Annotations.OfType<ResourceReferenceAnnotation>()).Resource);
    }

    [Fact]
    public async Task A_custom_connection_name_names_the_connection_string_and_the_properties()
    {
        var builder = CreateBuilder();
        var redis = builder.AddRedis("redis");
        var api = builder.AddProject<Projects.AiMesh_TestApps_Echo>("api").WithReference(redis, "session-cache");
        Allocate(redis.Resource, "tcp", new AllocatedEndpoint("tcp", "127.0.0.1", 6381));
        redis.Resource.Password.Value = "pw";

        var environment = await GetEnvironmentAsync(api.Resource);

        Assert.Equal("127.0.0.1:6381,password=pw", environment["ConnectionStrings__session-cache"]);
        Assert.Equal("6381", environment["SESSION_CACHE_PORT"]);
        Assert.DoesNotContain("ConnectionStrings__redis", environment.Keys);
        Assert.DoesNotContain("REDIS_PORT", environment.Keys);
    }

    [Fact]
    public void An_invalid_connection_name_is_refused()
    {
        var builder = CreateBuilder();
        var redis = builder.AddRedis("redis");
        var api = builder.AddProject<Projects.AiMesh_TestApps_Echo>("api");

        Assert.Throws<ArgumentException>(() => api.WithReference(redis, "my_cache"));
    }

    [Fact]
    public async Task A_Postgres_server_reference_gives_the_server_string_and_properties()
    {
        var builder = CreateBuilder();
        var postgres = builder.AddPostgres("pg");
        var api = builder.AddProject<Projects.AiMesh_TestApps_Echo>("api").WithReference(postgres);
        Allocate(postgres.Resource, "tcp", new AllocatedEndpoint("tcp", "127.0.0.1", 5433));
        postgres.Resource.Password.Value = "PgPass1";

        var environment = await GetEnvironmentAsync(api.Resource);

        Assert.Equal("Host=127.0.0.1;Port=5433;Username=postgres;Password=PgPass1", environment["ConnectionStrings__pg"]);
        Assert.Equal("127.0.0.1", environment["PG_HOST"]);
        Assert.Equal("5433", environment["PG_PORT"]);
        Assert.Equal("postgres", environment["PG_USERNAME"]);
        Assert.Equal("PgPass1", environment["PG_PASSWORD"]);
        Assert.Equal("postgresql://postgres:PgPass1@127.0.0.1:5433", environment["PG_URI"]);
        Assert.Equal("jdbc:postgresql://127.0.0.1:5433", environment["PG_JDBCCONNECTIONSTRING"]);
        Assert.DoesNotContain("PG_DATABASENAME", environment.Keys);
    }

    [Fact]
    public async Task A_Postgres_database_reference_names_the_database_everywhere()
    {
        var builder = CreateBuilder();
        var postgres = builder.AddPostgres("pg");
        var db = postgres.AddDatabase("db");
        var api = builder.AddProject<Projects.AiMesh_TestApps_Echo>("api").WithReference(db);
        Allocate(postgres.Resource, "tcp", new AllocatedEndpoint("tcp", "127.0.0.1", 5434));
        postgres.Resource.Password.Value = "PgPass2";

        var environment = await GetEnvironmentAsync(api.Resource);

        Assert.Equal("Host=127.0.0.1;Port=5434;Username=postgres;Password=PgPass2;Database=db", environment["ConnectionStrings__db"]);
        Assert.Equal("127.0.0.1", environment["DB_HOST"]);
        Assert.Equal("5434", environment["DB_PORT"]);
        Assert.Equal("postgres", environment["DB_USERNAME"]);
        Assert.Equal("PgPass2", environment["DB_PASSWORD"]);
        Assert.Equal("postgresql://postgres:PgPass2@127.0.0.1:5434/db", environment["DB_URI"]);
        Assert.Equal("jdbc:postgresql://127.0.0.1:5434/db", environment["DB_JDBCCONNECTIONSTRING"]);
        Assert.Equal("db", environment["DB_DATABASENAME"]);
        Assert.Equal(8, environment.Count);
    }

    [Fact]
    public async Task A_database_name_other_than_the_resource_name_is_the_one_connected_to()
    {
        var builder = CreateBuilder();
        var postgres = builder.AddPostgres("pg");
        var orders = postgres.AddDatabase("orders", "orders_v2");
        var api = builder.AddProject<Projects.AiMesh_TestApps_Echo>("api").WithReference(orders);
        Allocate(postgres.Resource, "tcp", new AllocatedEndpoint("tcp", "127.0.0.1", 5435));
        postgres.Resource.Password.Value = "x";

        var environment = await GetEnvironmentAsync(api.Resource);

        Assert.EndsWith(";Database=orders_v2", environment["ConnectionStrings__orders"], StringComparison.Ordinal);
        Assert.Equal("orders_v2", environment["ORDERS_DATABASENAME"]);
        Assert.Equal("postgresql://postgres:x@127.0.0.1:5435/orders_v2", environment["ORDERS_URI"]);
        Assert.Same(orders.Resource, Assert.Single(postgres.Resource.Databases));
    }

    [Fact]
    public async Task An_external_connection_string_replaces_the_local_one_and_its_properties()
    {
        var builder = CreateBuilder();
        var redis = builder.AddRedis("redis");
        var api = builder.AddProject<Projects.AiMesh_TestApps_Echo>("api").WithReference(redis);

        // Set by the orchestrator from ConnectionStrings:redis; the braces must survive as literal text.
        redis.Resource.Annotations.Add(new ExternalConnectionStringAnnotation("cache.example:6380,password={p@ss},ssl=true"));
        var environment = await GetEnvironmentAsync(api.Resource);

        Assert.Equal("cache.example:6380,password={p@ss},ssl=true", environment["ConnectionStrings__redis"]);
        Assert.Single(environment);
        Assert.True(redis.Resource.IsExternal());
    }

    [Fact]
    public async Task A_database_on_an_external_server_appends_its_name_to_the_external_string()
    {
        var builder = CreateBuilder();
        var postgres = builder.AddPostgres("pg");
        var db = postgres.AddDatabase("db");
        var api = builder.AddProject<Projects.AiMesh_TestApps_Echo>("api").WithReference(db);
        postgres.Resource.Annotations.Add(new ExternalConnectionStringAnnotation("Host=db.example;Username=app;Password=secret"));

        var environment = await GetEnvironmentAsync(api.Resource);

        Assert.Equal("Host=db.example;Username=app;Password=secret;Database=db", environment["ConnectionStrings__db"]);
        Assert.Equal("db", environment["DB_DATABASENAME"]);
        Assert.Equal(2, environment.Count);
    }

    [Fact]
    public async Task A_Kafka_reference_waits_for_the_bootstrap_list_and_derives_host_and_port_from_its_first_broker()
    {
        var builder = CreateBuilder();
        var kafka = builder.AddKafka("kafka");
        var api = builder.AddProject<Projects.AiMesh_TestApps_Echo>("api").WithReference(kafka);

        var pending = GetEnvironmentAsync(api.Resource);
        await Task.Delay(20);
        Assert.False(pending.IsCompleted);

        kafka.Resource.BootstrapServers.Set("127.0.0.1:39001,127.0.0.1:39002");
        var environment = await pending.DefaultTimeout();

        Assert.Equal("127.0.0.1:39001,127.0.0.1:39002", environment["ConnectionStrings__kafka"]);
        Assert.Equal("127.0.0.1", environment["KAFKA_HOST"]);
        Assert.Equal("39001", environment["KAFKA_PORT"]);
    }
}
