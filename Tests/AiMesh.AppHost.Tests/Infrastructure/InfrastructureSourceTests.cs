using Aspire.Hosting.ApplicationModel;

namespace AiMesh.AppHost.Tests.Infrastructure;

/// <summary>Which resources the model gets for Redis and PostgreSQL, without starting anything.</summary>
public sealed class InfrastructureSourceTests
{
    [Fact]
    public void Run_mode_gets_local_process_resources()
    {
        using var builder = LocalInfrastructureApp.CreateBuilder();
        builder.Configuration["AppHost:StateDirectory"] = Path.GetTempPath();

        builder.AddRedisServer("redis");
        builder.AddPostgresDatabase(serverName: "postgres", databaseName: "aimesh");

        var redis = Assert.IsType<Hosting.Redis.RedisServerResource>(Resource(builder, "redis"));
        var postgres = Assert.IsType<Hosting.Postgres.PostgresServerResource>(Resource(builder, "postgres"));
        Assert.IsType<Hosting.Postgres.PostgresDatabaseResource>(Resource(builder, "aimesh"));
        // The same generated secret parameters as Aspire's containers, so user secrets carry over.
        Assert.Equal(("redis-password", true), (redis.PasswordParameter.Name, redis.PasswordParameter.Secret));
        Assert.Equal(("postgres-password", true), (postgres.PasswordParameter.Name, postgres.PasswordParameter.Secret));
    }

    [Fact]
    public void A_configured_database_connection_string_starts_no_server()
    {
        using var builder = LocalInfrastructureApp.CreateBuilder();
        builder.Configuration["ConnectionStrings:aimesh"] = "Host=db.example;Username=app;Password=secret;Database=aimesh";
        builder.Configuration["ConnectionStrings:redis"] = "cache.example:6379,password=secret";

        builder.AddRedisServer("redis");
        builder.AddPostgresDatabase(serverName: "postgres", databaseName: "aimesh");

        // Plain connection strings (Aspire's AddConnectionString): nothing to start, no server resource.
        Assert.IsNotType<Hosting.Postgres.PostgresDatabaseResource>(Assert.IsAssignableFrom<IResourceWithConnectionString>(Resource(builder, "aimesh")));
        Assert.IsNotType<Hosting.Redis.RedisServerResource>(Assert.IsAssignableFrom<IResourceWithConnectionString>(Resource(builder, "redis")));
        Assert.DoesNotContain(builder.Resources, r => r.Name == "postgres");
        Assert.DoesNotContain(builder.Resources, r => r is ExecutableResource or ContainerResource);
    }

    [Fact]
    public void Publish_mode_describes_Aspire_containers()
    {
        var output = Directory.CreateTempSubdirectory("aimesh-manifest-").FullName;
        try
        {
            using var builder = LocalInfrastructureApp.CreateBuilder("--publisher", "manifest", "--output-path", Path.Combine(output, "manifest.json"));
            Assert.True(builder.ExecutionContext.IsPublishMode);

            builder.AddRedisServer("redis");
            builder.AddPostgresDatabase(serverName: "postgres", databaseName: "aimesh");

            Assert.IsType<RedisResource>(Resource(builder, "redis"));
            Assert.IsType<Aspire.Hosting.ApplicationModel.PostgresServerResource>(Resource(builder, "postgres"));
            Assert.IsType<Aspire.Hosting.ApplicationModel.PostgresDatabaseResource>(Resource(builder, "aimesh"));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static IResource Resource(IDistributedApplicationTestingBuilder builder, string name) =>
        Assert.Single(builder.Resources, r => r.Name == name);
}
