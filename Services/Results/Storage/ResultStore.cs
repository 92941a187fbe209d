using AiMesh.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace AiMesh.Results.Storage;

/// <summary>The <c>results</c> table: plain, parameterised SQL through the service's <see cref="NpgsqlDataSource"/>.</summary>
internal sealed class ResultStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "id, text, label, score, model, inference_instance, ai_instance, cached, accepted_at, completed_at, model_version, " +
        "answer, provider_model, finish_reason, input_tokens, output_tokens, latency_ms";

    // ON CONFLICT DO NOTHING rather than DO UPDATE: Kafka delivers at least once, so an id can arrive
    // again after a crash or a rebalance, possibly with a different answer when Inference ran it twice.
    // Keeping the first stored answer makes every redelivery harmless: a row, what the API returned
    // for it and what WebSocket clients were shown never change afterwards, and replaying the topic
    // rewrites nothing.
    private const string InsertSql =
        $"INSERT INTO results ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) ON CONFLICT (id) DO NOTHING";

    private const string GetByIdSql = $"SELECT {Columns} FROM results WHERE id = $1";

    // The order of the results_latest_first index, so the query reads it instead of sorting.
    private const string LatestSql = $"SELECT {Columns} FROM results ORDER BY completed_at DESC, id LIMIT $1";

    /// <summary>Stores <paramref name="result"/> unless its id is stored already.</summary>
    /// <returns>True when a row was inserted; false when the id was already there (that row is left as it was).</returns>
    public async Task<bool> TryInsertAsync(InferenceResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);

        await using var command = dataSource.CreateCommand(InsertSql);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = result.Id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = result.Text });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = result.Label });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = result.Score });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = result.Model });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = result.InferenceInstance });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = result.AiInstance });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = result.Cached });
        // timestamptz takes only UTC offsets from Npgsql; the instant is what matters, not the sender's zone.
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = result.AcceptedAt.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = result.CompletedAt.ToUniversalTime() });
        command.Parameters.Add(NullableParameter(result.ModelVersion, NpgsqlDbType.Text));
        command.Parameters.Add(NullableParameter(result.Answer, NpgsqlDbType.Text));
        command.Parameters.Add(NullableParameter(result.ProviderModel, NpgsqlDbType.Text));
        command.Parameters.Add(NullableParameter(result.FinishReason, NpgsqlDbType.Text));
        command.Parameters.Add(NullableParameter(result.InputTokens, NpgsqlDbType.Bigint));
        command.Parameters.Add(NullableParameter(result.OutputTokens, NpgsqlDbType.Bigint));
        command.Parameters.Add(NullableParameter(result.LatencyMs, NpgsqlDbType.Double));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>The stored result with this id, or null.</summary>
    public async Task<InferenceResult?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(GetByIdSql);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>The <paramref name="limit"/> results completed last, newest first (ties by id).</summary>
    public async Task<IReadOnlyList<InferenceResult>> GetLatestAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);

        await using var command = dataSource.CreateCommand(LatestSql);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        List<InferenceResult> results = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            results.Add(Read(reader));
        }

        return results;
    }

    private static InferenceResult Read(NpgsqlDataReader reader) => new(
        Id: reader.GetGuid(0),
        Text: reader.GetString(1),
        Label: reader.GetString(2),
        Score: reader.GetDouble(3),
        Model: reader.GetString(4),
        InferenceInstance: reader.GetString(5),
        AiInstance: reader.GetString(6),
        Cached: reader.GetBoolean(7),
        AcceptedAt: reader.GetFieldValue<DateTimeOffset>(8),
        CompletedAt: reader.GetFieldValue<DateTimeOffset>(9),
        ModelVersion: ReadNullableString(reader, 10),
        Answer: ReadNullableString(reader, 11),
        ProviderModel: ReadNullableString(reader, 12),
        FinishReason: ReadNullableString(reader, 13),
        InputTokens: ReadNullable<long>(reader, 14),
        OutputTokens: ReadNullable<long>(reader, 15),
        LatencyMs: ReadNullable<double>(reader, 16));

    /// <summary>A parameter for a column that may be NULL; its type is named because NULL alone has none.</summary>
    private static NpgsqlParameter NullableParameter(object? value, NpgsqlDbType type) =>
        new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };

    private static string? ReadNullableString(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static T? ReadNullable<T>(NpgsqlDataReader reader, int ordinal)
        where T : struct =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
}
