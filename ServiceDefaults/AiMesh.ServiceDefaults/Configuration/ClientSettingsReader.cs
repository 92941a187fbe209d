using Microsoft.Extensions.Configuration;

namespace AiMesh.ServiceDefaults.Configuration;

/// <summary>
/// Aspire's order for a client integration's settings: the common section, then the named section,
/// then <c>ConnectionStrings:{name}</c>, then the caller's callback; a missing connection string fails
/// at registration, naming the variable the AppHost would set.
/// </summary>
internal static class ClientSettingsReader
{
    public static TSettings Read<TSettings>(IConfiguration configuration, string sectionName, string connectionName, Action<TSettings>? configure, string serverKind)
        where TSettings : IConnectionStringSettings, new()
    {
        var settings = new TSettings();
        var section = configuration.GetSection(sectionName);
        section.Bind(settings);
        section.GetSection(connectionName).Bind(settings);
        settings.ConnectionString = configuration.GetConnectionString(connectionName) ?? settings.ConnectionString;
        configure?.Invoke(settings);

        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            throw new InvalidOperationException(
                $"No {serverKind} connection string for '{connectionName}'. Set 'ConnectionStrings:{connectionName}' " +
                $"(environment variable ConnectionStrings__{connectionName}, which the AppHost's WithReference sets) " +
                $"or '{sectionName}:{connectionName}:ConnectionString'.");
        }

        return settings;
    }
}
