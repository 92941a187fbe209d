using AiMesh.Results.Storage.Migrations;
using AiMesh.Results.Tests.Infrastructure;
using AiMesh.Tests.Postgres;
using Npgsql;

namespace AiMesh.Results.Tests.Storage;

public sealed class DatabaseMigratorTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AFreshDatabaseGetsTheResultsTableWithEveryColumn()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateAsync());

        await TestDatabases.NewMigrator(dataSource).MigrateAsync(CancellationToken).DefaultTimeout();

        List<string> columns = [];
        await using (var command = dataSource.CreateCommand(
            "SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_name = 'results' ORDER BY ordinal_position"))
        await using (var reader = await command.ExecuteReaderAsync(CancellationToken))
        {
            while (await reader.ReadAsync(CancellationToken))
            {
                var defaultValue = reader.IsDBNull(3) ? "" : $" default {reader.GetString(3)}";
                columns.Add($"{reader.GetString(0)} {reader.GetString(1)} {(reader.GetString(2) == "NO" ? "not null" : "null")}{defaultValue}");
            }
        }

        Assert.Equal(
        [
            "id uuid not null",
            "text text not null",
            "label text not null",
            "score double precision not null",
            "model text not null",
            "inference_instance text not null",
            "ai_instance text not null",
            "cached boolean not null",
            "accepted_at timestamp with time zone not null",
            "completed_at timestamp with time zone not null",
            "stored_at timestamp with time zone not null default now()",
            "model_version text null",
            "answer text null",
            "provider_model text null",
            "finish_reason text null",
            "input_tokens bigint null",
            "output_tokens bigint null",
            "latency_ms double precision null",
        ], columns);
        Assert.Equal("results_pkey", await dataSource.ScalarAsync<string>(
            "SELECT constraint_name::text FROM information_schema.table_constraints WHERE table_name = 'results' AND constraint_type = 'PRIMARY KEY'"));
    }

    [Fact]
    public async Task AFreshDatabaseGetsTheLatestFirstIndex()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateAsync());

        await TestDatabases.NewMigrator(dataSource).MigrateAsync(CancellationToken).DefaultTimeout();

        var definition = await dataSource.ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE tablename = 'results' AND indexname = 'results_latest_first'");
        Assert.NotNull(definition);
        Assert.Contains("(completed_at DESC, id)", definition, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryAppliedVersionIsRecordedWithItsName()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateAsync());

        var applied = await TestDatabases.NewMigrator(dataSource).MigrateAsync(CancellationToken).DefaultTimeout();

        Assert.Equal([1, 2, 3], applied.Select(m => m.Version));
        List<string> recorded = [];
        await using var command = dataSource.CreateCommand("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync(CancellationToken);
        while (await reader.ReadAsync(CancellationToken))
        {
            Assert.InRange(reader.GetFieldValue<DateTimeOffset>(2), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
            recorded.Add($"{reader.GetInt32(0)} {reader.GetString(1)}");
        }

        Assert.Equal(["1 create_results", "2 add_model_version", "3 add_llm_answer"], recorded);
    }

    [Fact]
    public async Task RunningTwiceIsANoOp()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateAsync());
        var migrator = TestDatabases.NewMigrator(dataSource);
        await migrator.MigrateAsync(CancellationToken).DefaultTimeout();
        var firstAppliedAt = await dataSource.ScalarAsync<DateTime>("SELECT applied_at FROM schema_migrations WHERE version = 1");
        await dataSource.ExecuteAsync($"INSERT INTO results (id, text, label, score, model, inference_instance, ai_instance, cached, accepted_at, completed_at) VALUES ('{Guid.NewGuid()}', 't', 'l', 0.5, 'm', 'i', 'a', false, now(), now())");

        var appliedAgain = await migrator.MigrateAsync(CancellationToken).DefaultTimeout();

        Assert.Empty(appliedAgain);
        Assert.Equal(3L, await dataSource.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(firstAppliedAt, await dataSource.ScalarAsync<DateTime>("SELECT applied_at FROM schema_migrations WHERE version = 1"));
        Assert.Equal(1L, await dataSource.ScalarAsync<long>("SELECT count(*) FROM results"));
    }

    [Fact]
    public async Task ALaterMigrationIsAppliedOnTopOfTheRecordedOnes()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateAsync());
        var migrator = TestDatabases.NewMigrator(dataSource);
        await migrator.MigrateAsync(CancellationToken).DefaultTimeout();
        var later = new Migration(4, "add_notes", "ALTER TABLE results ADD COLUMN notes text");

        var applied = await migrator.MigrateAsync([.. Migration.All, later], CancellationToken).DefaultTimeout();

        Assert.Equal([4], applied.Select(m => m.Version));
        Assert.Equal(4L, await dataSource.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(1L, await dataSource.ScalarAsync<long>("SELECT count(*) FROM information_schema.columns WHERE table_name = 'results' AND column_name = 'notes'"));
    }

    [Fact]
    public async Task AFailingMigrationLeavesNeitherItsChangesNorItsRecord()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateAsync());
        var migrator = TestDatabases.NewMigrator(dataSource);
        var broken = new Migration(4, "broken", "CREATE TABLE half_done (id int); SELECT no_such_column FROM results");

        await Assert.ThrowsAsync<PostgresException>(() => migrator.MigrateAsync([.. Migration.All, broken], CancellationToken).DefaultTimeout());

        Assert.Equal(3L, await dataSource.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
        Assert.Null(await dataSource.ScalarAsync<string>("SELECT to_regclass('half_done')::text"));
    }

    [Fact]
    public async Task InstancesMigratingAtOnceApplyEachMigrationExactlyOnce()
    {
        var connectionString = await server.CreateAsync();
        var dataSources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(connectionString)).ToList();
        try
        {
            var results = await Task.WhenAll(dataSources.Select(dataSource =>
                Task.Run(() => TestDatabases.NewMigrator(dataSource).MigrateAsync(CancellationToken)))).DefaultTimeout();

            Assert.Equal(Migration.All.Count, results.Sum(applied => applied.Count));
            Assert.Equal(Migration.All.Count, await dataSources[0].ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
        }
        finally
        {
            foreach (var dataSource in dataSources)
            {
                await dataSource.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task AMigratorWaitsWhileAnotherInstanceHoldsTheMigrationLock()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateAsync());
        await using var otherInstance = await dataSource.OpenConnectionAsync(CancellationToken);
        await using var otherMigration = await otherInstance.BeginTransactionAsync(CancellationToken);
        await using (var takeLock = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({DatabaseMigrator.AdvisoryLockKey})", otherInstance))
        {
            await takeLock.ExecuteNonQueryAsync(CancellationToken);
        }

        var migrating = TestDatabases.NewMigrator(dataSource).MigrateAsync(CancellationToken);
        await AsyncTestHelpers.WaitUntilAsync(async () => await dataSource.ScalarAsync<long>(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") == 1);

        Assert.False(migrating.IsCompleted);
        Assert.Null(await dataSource.ScalarAsync<string>("SELECT to_regclass('results')::text"));
        await otherMigration.CommitAsync(CancellationToken);
        Assert.Equal([1, 2, 3], (await migrating.DefaultTimeout()).Select(m => m.Version));
    }

    [Fact]
    public void TheShippedMigrationsAreNumberedFromOneWithoutGaps()
    {
        var versions = Migration.All.Select(m => m.Version).ToList();

        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
        Assert.All(Migration.All, m => Assert.False(string.IsNullOrWhiteSpace(m.Sql)));
    }
}
