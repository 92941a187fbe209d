using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;

namespace AiMesh.ServiceDefaults.Kafka;

/// <summary>
/// Reads <see cref="KafkaProducerSettings"/> and <see cref="KafkaConsumerSettings"/> from configuration
/// in Aspire's order: the common section, the named section, <c>ConnectionStrings:{name}</c>, then the
/// caller's callback. Values are bound by hand rather than with the configuration binder: Confluent's
/// config classes are enumerable key/value bags, and raw librdkafka names (<c>linger.ms</c>) must be
/// accepted as well as property names.
/// </summary>
internal static class KafkaSettingsReader
{
    public const string ProducerSection = "Aspire:Confluent:Kafka:Producer";
    public const string ConsumerSection = "Aspire:Confluent:Kafka:Consumer";

    public static KafkaProducerSettings ReadProducer(IConfiguration configuration, string connectionName, Action<KafkaProducerSettings>? configure)
    {
        var settings = new KafkaProducerSettings();
        foreach (var section in Sections(configuration, ProducerSection, connectionName))
        {
            BindValues(section, settings, unknownKey: null);
            BindValues(section.GetSection(nameof(settings.Config)), settings.Config, settings.Config.Set);
        }

        settings.ConnectionString = configuration.GetConnectionString(connectionName) ?? settings.ConnectionString;
        configure?.Invoke(settings);
        settings.Config.BootstrapServers = settings.ConnectionString ?? settings.Config.BootstrapServers;

        RequireBootstrapServers(settings.Config, ProducerSection, connectionName);
        return settings;
    }

    public static KafkaConsumerSettings ReadConsumer(IConfiguration configuration, string connectionName, Action<KafkaConsumerSettings>? configure)
    {
        var settings = new KafkaConsumerSettings();
        foreach (var section in Sections(configuration, ConsumerSection, connectionName))
        {
            BindValues(section, settings, unknownKey: null);
            BindValues(section.GetSection(nameof(settings.Config)), settings.Config, settings.Config.Set);
        }

        settings.ConnectionString = configuration.GetConnectionString(connectionName) ?? settings.ConnectionString;
        configure?.Invoke(settings);
        KafkaDefaults.ApplyGroupProtocolDefaults(settings.Config);
        settings.Config.BootstrapServers = settings.ConnectionString ?? settings.Config.BootstrapServers;

        RequireBootstrapServers(settings.Config, ConsumerSection, connectionName);
        if (string.IsNullOrWhiteSpace(settings.Config.GroupId))
        {
            throw new InvalidOperationException(
                $"The Kafka consumer '{connectionName}' has no group id. Set '{ConsumerSection}:{connectionName}:Config:GroupId' " +
                $"(or '{ConsumerSection}:Config:GroupId') in configuration, or Config.GroupId in the configureSettings callback.");
        }

        return settings;
    }

    /// <summary>
    /// Copies every value directly under <paramref name="section"/> into <paramref name="target"/>: a key
    /// naming a property (<c>LingerMs</c>, <c>Acks</c>, <c>DisableTracing</c>) is converted to its type; any
    /// other key (<c>linger.ms</c>) goes to <paramref name="unknownKey"/> when given. Sub-sections are skipped.
    /// </summary>
    public static void BindValues(IConfigurationSection section, object target, Action<string, string>? unknownKey)
    {
        foreach (var entry in section.GetChildren())
        {
            if (entry.Value is null)
            {
                continue;
            }

            var property = target.GetType().GetProperty(entry.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is { CanWrite: true } && property.GetIndexParameters().Length == 0 && IsScalar(property.PropertyType))
            {
                property.SetValue(target, Convert(entry.Value, property.PropertyType, entry.Path));
            }
            else
            {
                unknownKey?.Invoke(entry.Key, entry.Value);
            }
        }
    }

    private static bool IsScalar(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return target.IsPrimitive || target.IsEnum || target == typeof(string) || target == typeof(TimeSpan) || target == typeof(decimal);
    }

    private static IEnumerable<IConfigurationSection> Sections(IConfiguration configuration, string sectionName, string connectionName)
    {
        var common = configuration.GetSection(sectionName);
        yield return common;
        yield return common.GetSection(connectionName);
    }

    private static object? Convert(string value, Type type, string path)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        try
        {
            return target.IsEnum
                ? Enum.Parse(target, value.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true)
                : TypeDescriptor.GetConverter(target).ConvertFromString(null, CultureInfo.InvariantCulture, value);
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or NotSupportedException)
        {
            throw new InvalidOperationException($"Configuration '{path}' = '{value}' is not a valid {target.Name}.", exception);
        }
    }

    private static void RequireBootstrapServers(ClientConfig config, string sectionName, string connectionName)
    {
        if (string.IsNullOrWhiteSpace(config.BootstrapServers))
        {
            throw new InvalidOperationException(
                $"No Kafka bootstrap servers for '{connectionName}'. Set the connection string 'ConnectionStrings:{connectionName}' " +
                $"(environment variable ConnectionStrings__{connectionName}, which the AppHost's WithReference sets) " +
                $"or '{sectionName}:{connectionName}:ConnectionString'.");
        }
    }
}
