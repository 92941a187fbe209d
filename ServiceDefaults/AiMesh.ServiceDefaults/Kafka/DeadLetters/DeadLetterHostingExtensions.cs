using AiMesh.ServiceDefaults.Kafka.DeadLetters;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.Hosting;

/// <summary>Dead-letter topics for consumers that must never stall on one message.</summary>
public static class DeadLetterHostingExtensions
{
    /// <summary>
    /// Registers <see cref="DeadLetterPublisher"/> and the byte-for-byte producer it sends with (an
    /// <c>IProducer&lt;byte[]?, byte[]?&gt;</c> on <c>ConnectionStrings:{connectionName}</c>, configured like
    /// any <c>AddKafkaProducer</c> producer). It adds no health check: the consumer whose messages it
    /// dead-letters already reports on Kafka.
    /// </summary>
    public static TBuilder AddKafkaDeadLetters<TBuilder>(this TBuilder builder, string connectionName)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.AddKafkaProducer<byte[]?, byte[]?>(connectionName, settings => settings.DisableHealthChecks = true);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<DeadLetterPublisher>();
        return builder;
    }
}
