using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AiMesh.DevBroker;

internal static class Extensions
{
    // The mock's shutdown takes milliseconds; a launcher waiting on a stuck one should not wait 30 s.
    private static readonly TimeSpan s_shutdownTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Adds the mock cluster and, with a parent, the watcher that stops it. The builder is
    /// expected to be created with DisableDefaults: the broker reads no appsettings (and so
    /// watches no directory), only environment variables such as <c>Logging__LogLevel__Default</c>.
    /// </summary>
    public static HostApplicationBuilder AddDevBroker(this HostApplicationBuilder builder, BrokerOptions options, ParentProcess? parent)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);

        builder.Configuration.AddEnvironmentVariables();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);

        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = s_shutdownTimeout);
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(options);
        builder.Services.AddHostedService<MockClusterService>();

        if (parent is not null)
        {
            builder.Services.AddSingleton(parent);
            builder.Services.AddHostedService<ParentProcessWatcher>();
        }

        return builder;
    }
}
