using System.Globalization;
using AiMesh.Results.Storage;
using AiMesh.Results.Storage.Migrations;
using AiMesh.Results.Tests.Infrastructure;
using AiMesh.Tests.Postgres;
using Npgsql;

namespace AiMesh.Results.Tests.Storage;

/// <summary>Migration 3 (the LLM answer columns) on a database that already holds results.</summary>
public sealed class LlmAnswerMigrationTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnExistingDatabaseGetsTheColumnsAndItsRowsReadBackWithoutAnAnswer()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateAsync());
        var migrator = TestDatabases.NewMigrator(dataSource);
        await migrator.MigrateAsync([.. Migration.All.Where(m => m.Version < 3)], CancellationToken).DefaultTimeout();
        var before = TestResults.Create() with { ModelVersion = "1.ad91931e" };
        // As the service wrote rows before migration 3: the columns it knew of, and no more.
        await dataSource.ExecuteAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"""
            INSERT INTO results (id, text, label, score, model, inference_instance, ai_instance, cached, accepted_at, completed_at, model_version)
            VALUES ('{before.Id}', '{before.Text}', '{before.Label}', {before.Score}, '{before.Model}', '{before.InferenceInstance}', '{before.AiInstance}', false,
                    '{before.AcceptedAt:O}', '{before.CompletedAt:O}', '{before.ModelVersion}')
            """));

        var applied = await migrator.MigrateAsync(CancellationToken).DefaultTimeout();

        Assert.Equal([3], applied.Select(m => m.Version));
        var store = new ResultStore(dataSource);
        Assert.Equal(before, await store.GetAsync(before.Id, CancellationToken).DefaultTimeout());
        var answer = TestAnswers.Result(completedAt: TestResults.BaseTime.AddMinutes(1));
        Assert.True(await store.TryInsertAsync(answer, CancellationToken).DefaultTimeout());
        Assert.Equal([answer, before], await store.GetLatestAsync(10, CancellationToken).DefaultTimeout());
    }
}
