using AiMesh.Benchmarks.Load;
using Npgsql;

namespace AiMesh.Benchmarks.Verification;

/// <summary>
/// Whether every accepted text ended as exactly one stored row and one push. <c>lost</c>: accepted
/// texts with no row or no push once the pipeline has drained (a message the dev broker dropped, say,
/// because a consumer lagged past its 5 MiB a partition, shows here). <c>duplicated</c>: rows beyond one
/// per id (the primary key should make that impossible) plus pushes beyond one per id.
/// </summary>
internal static class DeliveryCheck
{
    public static async Task<DeliveryOutcome> RunAsync(IReadOnlyCollection<Guid> accepted, ResultsFeed feed, string database, TimeSpan drain)
    {
        var notPushed = await feed.WaitForAllAsync(accepted, drain);
        var rows = await CountRowsAsync(database, accepted);
        var noRow = accepted.Count(id => !rows.ContainsKey(id));
        var extraRows = rows.Values.Sum(count => count - 1);
        var extraPushes = accepted.Sum(id => Math.Max(0, feed.PushesOf(id) - 1));
        var lost = accepted.Count(id => !rows.ContainsKey(id) || feed.PushesOf(id) == 0);
        return new DeliveryOutcome(accepted.Count, rows.Count, noRow, notPushed, lost, extraRows + extraPushes, feed.Failure);
    }

    private static async Task<Dictionary<Guid, int>> CountRowsAsync(string database, IReadOnlyCollection<Guid> ids)
    {
        await using var dataSource = NpgsqlDataSource.Create(database);
        var rows = new Dictionary<Guid, int>();
        foreach (var chunk in ids.Chunk(10_000))
        {
            await using var command = dataSource.CreateCommand("SELECT id, count(*) FROM results WHERE id = ANY($1) GROUP BY id");
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = chunk });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows[reader.GetGuid(0)] = (int)reader.GetInt64(1);
            }
        }

        return rows;
    }
}
