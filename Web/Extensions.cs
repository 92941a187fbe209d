using AiMesh.Web.Clients;
using AiMesh.Web.Feed;
using AiMesh.Web.Submissions;

namespace AiMesh.Web;

/// <summary>The Web UI's registrations, called from Program.cs after <c>AddServiceDefaults()</c>.</summary>
public static class Extensions
{
    /// <summary>Razor components with interactive server rendering, the service clients and the results feed.</summary>
    public static WebApplicationBuilder AddWebServices(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // Serves the framework's files (blazor.web.js) from a build output in every environment, not
        // only in Development; a published app has them in wwwroot and this does nothing.
        builder.WebHost.UseStaticWebAssets();

        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents();

        builder.Services.AddHttpClient<IngestClient>(http => http.BaseAddress = ServiceAddresses.Ingest);
        builder.AddResultsFeed();

        return builder;
    }

    /// <summary>The Results client, the one feed of live results for the process, and result watches for pages.</summary>
    internal static IHostApplicationBuilder AddResultsFeed(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient<ResultsClient>(http => http.BaseAddress = ServiceAddresses.Results);

        builder.Services.AddOptions<ResultsFeedOptions>()
            .BindConfiguration(ResultsFeedOptions.SectionName)
            .Validate(options => options.Capacity > 0, $"{ResultsFeedOptions.SectionName}:Capacity must be positive.")
            .ValidateOnStart();
        builder.Services.AddServiceDiscovery();
        builder.Services.AddSingleton<ResultsSocketAddress>();
        builder.Services.AddSingleton<ResultsFeed>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ResultsFeed>());

        builder.Services.AddOptions<ResultWaitOptions>().BindConfiguration(ResultWaitOptions.SectionName);
        builder.Services.AddScoped<ResultWatcher>();

        return builder;
    }
}
