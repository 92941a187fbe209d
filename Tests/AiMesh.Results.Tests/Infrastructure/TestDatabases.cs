using AiMesh.Results.Storage.Migrations;
using AiMesh.Tests.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AiMesh.Results.Tests.Infrastructure;

/// <summary>A fresh database per test on the class's server, so no test sees another's rows.</summary>
internal static class TestDatabases
{
    public static Task<string> CreateAsync(this PostgresServer server) =>
        server.CreateDatabaseAsync($"results_{Guid.NewGuid():N}", TestContext.Current.CancellationToken).DefaultTimeout();

    /// <summary>A fresh database with the service's schema applied.</summary>
    public static async Task<NpgsqlDataSource> CreateMigratedAsync(this PostgresServer server)
    {
        var dataSource = NpgsqlDataSource.Create(await server.CreateAsync());
        await NewMigrator(dataSource).MigrateAsync(TestContext.Current.CancellationToken).DefaultTimeout();
        return dataSource;
    }

    public static DatabaseMigrator NewMigrator(NpgsqlDataSource dataSource) =>
        new(dataSource, NullLogger<DatabaseMigrator>.Instance);

    public static async Task<T?> ScalarAsync<T>(this NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync(TestContext.Current.CancellationToken).DefaultTimeout();
        return value is DBNull or null ? default : (T)value;
    }

    public static async Task ExecuteAsync(this NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken).DefaultTimeout();
    }
}
