namespace AiMesh.ServiceDefaults.Npgsql;

/// <summary>
/// Settings of <c>AddNpgsqlDataSource</c>, bound from <c>Aspire:Npgsql</c>, then
/// <c>Aspire:Npgsql:{connectionName}</c>; <c>ConnectionStrings:{connectionName}</c> wins over both.
/// </summary>
public sealed class NpgsqlSettings : AiMesh.ServiceDefaults.Configuration.IConnectionStringSettings
{
    /// <summary>The Npgsql connection string (<c>Host=…;Port=…;Username=…;Password=…;Database=…</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Leave out the <c>PostgreSql</c> health check.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>Do not trace commands (the <c>Npgsql</c> ActivitySource).</summary>
    public bool DisableTracing { get; set; }

    /// <summary>Do not collect the <c>Npgsql</c> meter.</summary>
    public bool DisableMetrics { get; set; }
}
