using Npgsql;

namespace AiMesh.EndToEnd.Tests.Support;

/// <summary>One row of the Results service's <c>results</c> table.</summary>
internal sealed record ResultRow(Guid Id, string Text, string Label, double Score, string Model, string InferenceInstance, string AiInstance, bool Cached, string? ModelVersion);

/// <summary>Reads the rows the Results service stored, straight from PostgreSQL.</summary>
internal static class ResultRows
{
    public static async Task<IReadOnlyList<ResultRow>> ReadAsync(string connectionString, IReadOnlyCollection<Guid> ids)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT id, text, label, score, model, inference_instance, ai_instance, cached, model_version FROM results WHERE id = ANY(@ids)",
            connection);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<ResultRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new ResultRow(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetBoolean(7),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return rows;
    }

    /// <summary>Waits until every id has its row (a missing table counts as no rows yet) and returns them.</summary>
    public static async Task<IReadOnlyList<ResultRow>> WaitForAsync(string connectionString, IReadOnlyCollection<Guid> ids, TimeSpan timeout)
    {
        IReadOnlyList<ResultRow> rows = [];
        await AsyncTestHelpers.WaitUntilAsync(
            async () =>
            {
                rows = await ReadAsync(connectionString, ids);
                if (rows.Count < ids.Count)
                {
                    await Task.Delay(250);
                }

                return rows.Count == ids.Count;
            },
            timeout);
        return rows;
    }
}
