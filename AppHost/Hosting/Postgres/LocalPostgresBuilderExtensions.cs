using AiMesh.AppHost.Hosting;
using AiMesh.AppHost.Hosting.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
// Aspire's container resources of the same names are in scope here too (global usings of the AppHost SDK).
using PostgresDatabaseResource = AiMesh.AppHost.Hosting.Postgres.PostgresDatabaseResource;
using PostgresServerResource = AiMesh.AppHost.Hosting.Postgres.PostgresServerResource;

namespace Aspire.Hosting;

public static class LocalPostgresBuilderExtensions
{
    /// <summary>
    /// Adds a PostgreSQL server <paramref name="serverName"/> with the database <paramref name="databaseName"/>
    /// (also the database resource's name) and returns the database: Debian's PostgreSQL as a local process in
    /// run mode, Aspire's PostgreSQL container when publishing (or with <c>AppHost:UseContainers</c>), or the
    /// configured <c>ConnectionStrings:{databaseName}</c> when there is one, in which case nothing starts.
    /// Connection strings have Aspire's formats; the generated password is the parameter <c>{serverName}-password</c>.
    /// </summary>
    /// <example>
    /// <code>
    /// var database = builder.AddPostgresDatabase(serverName: "postgres", databaseName: "aimesh");
    /// builder.AddProject&lt;Projects.Api&gt;("api").WithReference(database).WaitFor(database);
    /// </code>
    /// </example>
    public static IResourceBuilder<IResourceWithConnectionString> AddPostgresDatabase(
        this IDistributedApplicationBuilder builder, [ResourceName] string serverName, [ResourceName] string databaseName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(serverName);
        ArgumentException.ThrowIfNullOrEmpty(databaseName);

        return builder.InfrastructureSourceFor(databaseName) switch
        {
            InfrastructureSource.Container => builder.AddPostgres(serverName).AddDatabase(databaseName),
            InfrastructureSource.ExistingServer => builder.AddConnectionString(databaseName),
            _ => builder.AddLocalPostgresServer(serverName).AddLocalDatabase(databaseName),
        };
    }

    private static IResourceBuilder<PostgresServerResource> AddLocalPostgresServer(this IDistributedApplicationBuilder builder, string name)
    {
        // The same generator settings as Aspire's PostgreSQL, under the same name.
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password");
        var (command, leadingArgs) = PostgresInstallation.Command("postgres");
        var server = new PostgresServerResource(name, password, command, AppHostStateDirectory.For(builder, name));
        var passwordSync = new PostgresPasswordSync(server);

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new PostgresServerHealthCheck(server, passwordSync), failureStatus: null, tags: null));

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, async (@event, cancellationToken) =>
        {
            passwordSync.Reset();
            var logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(server);
            await PostgresCluster.PrepareAsync(server, logger, cancellationToken).ConfigureAwait(false);
        });

        builder.Eventing.Subscribe<ResourceReadyEvent>(server, async (@event, cancellationToken) =>
        {
            var logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(server);
            await PostgresDatabaseCreator.CreateMissingAsync(server, logger, cancellationToken).ConfigureAwait(false);

            // A database is no process of its own: it runs once it exists on a ready server. Its state is what
            // lets health checks run on it and WaitFor(database) proceed.
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            foreach (var database in server.Databases)
            {
                await notifications.PublishUpdateAsync(database, snapshot => snapshot with
                {
                    State = KnownResourceStates.Running,
                    StartTimeStamp = snapshot.StartTimeStamp ?? DateTime.UtcNow,
                }).ConfigureAwait(false);
            }
        });

        return builder.AddResource(server)
            // Not proxied: the port is the server's own (its socket file is named after it), picked once per
            // run and kept across restarts.
            .WithEndpoint(name: PostgresServerResource.PrimaryEndpointName, scheme: "tcp", isProxied: false)
            .WithArgs(context =>
            {
                foreach (var arg in leadingArgs)
                {
                    context.Args.Add(arg);
                }

                context.Args.Add("-D");
                context.Args.Add(server.DataDirectory);
                context.Args.Add("-p");
                context.Args.Add(server.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                // PostgreSQL logs to stderr, which the console and the dashboard show as errors. Its LOG
                // lines rank above ERROR there, so a normal start still shows a few; checkpoints, which
                // PostgreSQL 15 logs every few minutes by default, do not.
                // wal_init_zero=off: a new 16 MiB WAL segment is not first written full of zeros. Until the
                // first checkpoint leaves old segments to recycle, every segment is new: at a few thousand
                // rows a second that is one every 10 to 15 s, and in eng/benchmark.sh each coincided with
                // a stall of about 200 ms in Results' commits, which went away with this setting.
                foreach (var setting in new[]
                {
                    "listen_addresses=127.0.0.1",
                    $"unix_socket_directories={server.SocketDirectory}",
                    "unix_socket_permissions=0700",
                    $"hba_file={server.HbaFile}",
                    $"ident_file={server.IdentFile}",
                    "max_connections=200",
                    "log_checkpoints=off",
                    "wal_init_zero=off",
                })
                {
                    context.Args.Add("-c");
                    context.Args.Add(setting);
                }
            })
            .WithIconName("DatabaseMultiple")
            .WithHealthCheck(healthCheckKey);
    }

    private static IResourceBuilder<PostgresDatabaseResource> AddLocalDatabase(this IResourceBuilder<PostgresServerResource> server, string name)
    {
        var database = new PostgresDatabaseResource(name, name, server.Resource);
        server.Resource.AddDatabase(database);

        var healthCheckKey = $"{name}_check";
        server.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new PostgresDatabaseHealthCheck(database), failureStatus: null, tags: null));

        return server.ApplicationBuilder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.NotStarted,
                Properties = [new("postgres.database", database.DatabaseName)],
            })
            .WithIconName("Database")
            .WithHealthCheck(healthCheckKey);
    }
}
