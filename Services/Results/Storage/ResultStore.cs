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

    // The same rule for many rows in one statement (one round trip, one commit): each array holds one
    // column, and unnest turns them back into rows in order. RETURNING names the ids that were new.
    private const string InsertManySql =
        $"INSERT INTO results ({Columns}) " +
        "SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::double precision[], $5::text[], $6::text[], $7::text[], " +
        "$8::boolean[], $9::timestamptz[], $10::timestamptz[], $11::text[], $12::text[], $13::text[], $14::text[], " +
        "$15::bigint[], $16::bigint[], $17::double precision[]) " +
        "ON CONFLICT (id) DO NOTHING RETURNING id";

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

    /// <summary>
    /// Stores each of <paramref name="results"/> whose id is not stored yet, in one statement and so in one
    /// transaction: all of them or, when the statement fails, none. Rows are written in id order, so two
    /// batches that share ids (two consumers around a rebalance) take their locks in the same order and
    /// never deadlock.
    /// </summary>
    /// <param name="results">Results with distinct ids: one statement cannot both insert an id and find it stored.</param>
    /// <param name="cancellationToken">Abandons the statement; nothing of it is then committed.</param>
    /// <returns>The ids that were inserted; the others were stored already and their rows left as they were.</returns>
    /// <exception cref="ArgumentException">Two results share an id.</exception>
    public async Task<IReadOnlySet<Guid>> InsertManyAsync(IReadOnlyList<InferenceResult> results, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(results);
        HashSet<Guid> inserted = [];
        if (results.Count == 0)
        {
            return inserted;
        }

        var rows = results.OrderBy(result => result.Id).ToArray();
        for (var i = 1; i < rows.Length; i++)
        {
            if (rows[i].Id == rows[i - 1].Id)
            {
                throw new ArgumentException($"Result {rows[i].Id} is in the batch twice; keep one copy of each id.", nameof(results));
            }
        }

        await using var command = dataSource.CreateCommand(InsertManySql);
        command.Parameters.Add(Column(rows, result => result.Id));
        command.Parameters.Add(Column(rows, result => result.Text));
        command.Parameters.Add(Column(rows, result => result.Label));
        command.Parameters.Add(Column(rows, result => result.Score));
        command.Parameters.Add(Column(rows, result => result.Model));
        command.Parameters.Add(Column(rows, result => result.InferenceInstance));
        command.Parameters.Add(Column(rows, result => result.AiInstance));
        command.Parameters.Add(Column(rows, result => result.Cached));
        command.Parameters.Add(Column(rows, result => result.AcceptedAt.ToUniversalTime()));
        command.Parameters.Add(Column(rows, result => result.CompletedAt.ToUniversalTime()));
        command.Parameters.Add(Column(rows, result => result.ModelVersion));
        command.Parameters.Add(Column(rows, result => result.Answer));
        command.Parameters.Add(Column(rows, result => result.ProviderModel));
        command.Parameters.Add(Column(rows, result => result.FinishReason));
        command.Parameters.Add(Column(rows, result => result.InputTokens));
        command.Parameters.Add(Column(rows, result => result.OutputTokens));
        command.Parameters.Add(Column(rows, result => result.LatencyMs));

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            inserted.Add(reader.GetGuid(0));
        }

        return inserted;
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

    /// <summary>One column of <paramref name="rows"/> as an array parameter; the statement casts it to the column's type.</summary>
    private static NpgsqlParameter<T[]> Column<T>(InferenceResult[] rows, Func<InferenceResult, T> value) =>
        new() { TypedValue = Array.ConvertAll(rows, row => value(row)) };

    /// <summary>A parameter for a column that may be NULL; its type is named because NULL alone has none.</summary>
    private static NpgsqlParameter NullableParameter(object? value, NpgsqlDbType type) =>
        new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };

    private static string? ReadNullableString(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static T? ReadNullable<T>(NpgsqlDataReader reader, int ordinal)
        where T : struct =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
}
