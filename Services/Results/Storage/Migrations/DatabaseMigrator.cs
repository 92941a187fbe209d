using Npgsql;

namespace AiMesh.Results.Storage.Migrations;

/// <summary>
/// Brings the database's schema up to date: applies each <see cref="Migration"/> not yet recorded in
/// <c>schema_migrations</c>, each in its own transaction, under an advisory lock so that replicas
/// starting together apply every migration exactly once.
/// </summary>
internal sealed partial class DatabaseMigrator(NpgsqlDataSource dataSource, ILogger<DatabaseMigrator> logger)
{
    /// <summary>
    /// The <c>pg_advisory_xact_lock</c> key every Results replica takes before it looks at or changes the
    /// schema ("AiMeshRS" in ASCII). It is held until the migration's transaction ends.
    /// </summary>
    internal const long AdvisoryLockKey = 0x41_69_4D_65_73_68_52_53;

    private const string LockSql = "SELECT pg_advisory_xact_lock($1)";

    private const string CreateHistorySql = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version integer PRIMARY KEY,
            name text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    private const string IsAppliedSql = "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)";
    private const string RecordSql = "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)";

    /// <summary>Applies the service's migrations; returns those this call applied (none when the schema was current).</summary>
    public Task<IReadOnlyList<Migration>> MigrateAsync(CancellationToken cancellationToken) =>
        MigrateAsync(Migration.All, cancellationToken);

    internal async Task<IReadOnlyList<Migration>> MigrateAsync(IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        List<Migration> applied = [];
        foreach (var migration in migrations.OrderBy(m => m.Version))
        {
            if (await ApplyAsync(connection, migration, cancellationToken))
            {
                applied.Add(migration);
            }
        }

        LogSchemaCurrent(logger, migrations.Count == 0 ? 0 : migrations.Max(m => m.Version), applied.Count);
        return applied;
    }

    private async Task<bool> ApplyAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Whoever holds the lock migrates; the others wait here, then find the version recorded.
        await ExecuteAsync(connection, LockSql, cancellationToken, new NpgsqlParameter<long> { TypedValue = AdvisoryLockKey });
        await ExecuteAsync(connection, CreateHistorySql, cancellationToken);
        await using (var isApplied = new NpgsqlCommand(IsAppliedSql, connection))
        {
            isApplied.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
            if (await isApplied.ExecuteScalarAsync(cancellationToken) is true)
            {
                await transaction.CommitAsync(cancellationToken);
                return false;
            }
        }

        LogApplying(logger, migration.Version, migration.Name);
        await ExecuteAsync(connection, migration.Sql, cancellationToken);
        await ExecuteAsync(connection, RecordSql, cancellationToken,
            new NpgsqlParameter<int> { TypedValue = migration.Version },
            new NpgsqlParameter<string> { TypedValue = migration.Name });
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying migration {Version} ({Name})")]
    private static partial void LogApplying(ILogger logger, int version, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "The database schema is at version {Version}; {AppliedCount} migration(s) applied now")]
    private static partial void LogSchemaCurrent(ILogger logger, int version, int appliedCount);
}
