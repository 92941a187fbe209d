using System.Net;
using AiMesh.DevBroker.Control;
using AiMesh.DevBroker.Forwarding;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging.Console;

namespace AiMesh.DevBroker;

internal static class Extensions
{
    // The mock's shutdown takes milliseconds; a launcher waiting on a stuck one should not wait 30 s.
    private static readonly TimeSpan s_shutdownTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Adds the mock cluster, one Kestrel listener per broker's fixed port that forwards to it,
    /// and the control API's listener. <paramref name="options"/> must have its ports resolved.
    /// </summary>
    public static WebApplicationBuilder AddDevBroker(this WebApplicationBuilder builder, BrokerOptions options, int controlPort)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);

        // One plain-text line per event on stdout, which is what the AppHost's console log shows.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        // Per-request lines would bury the broker's own under the AppHost's health polling, and
        // Kestrel's "Now listening on: http://..." would be wrong for the Kafka ports.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);

        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = s_shutdownTimeout);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<DevBrokerCluster>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DevBrokerCluster>());
        builder.Services.AddSingleton<BrokerForwarder>();
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("mock-cluster");

        // Every Kafka request and response passes through the forwarder, whose continuations only copy
        // bytes and read a few fields, and the control API's calls into the mock return within
        // milliseconds: run them on the socket's I/O thread instead of handing each to the thread pool.
        // At half load in eng/benchmark.sh that took the broker process from about 73,000 context
        // switches a second to 5,000, and from 0.27 of a core to 0.15. The AppHost also sets
        // DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS, which does the same one layer down.
        builder.Services.Configure<SocketTransportOptions>(sockets => sockets.UnsafePreferInlineScheduling = true);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            for (var index = 0; index < options.BrokerPorts.Count; index++)
            {
                var brokerId = index + 1;
                kestrel.Listen(IPAddress.Loopback, options.BrokerPorts[index], listen => listen.Run(
                    connection => listen.ApplicationServices.GetRequiredService<BrokerForwarder>().ForwardAsync(connection, brokerId)));
            }

            kestrel.Listen(IPAddress.Loopback, controlPort);
        });

        return builder;
    }

    public static WebApplication MapDevBroker(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapControlApi();
        return app;
    }
}
