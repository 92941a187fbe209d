using AiMesh.Web.Chat;
using AiMesh.Web.Clients;
using AiMesh.Web.Feed;
using AiMesh.Web.Submissions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;

namespace AiMesh.Web;

/// <summary>The Web UI's registrations, called from Program.cs after <c>AddServiceDefaults()</c>.</summary>
public static class Extensions
{
    /// <summary>Razor components with interactive server rendering, the service clients, the feeds and the chat.</summary>
    public static WebApplicationBuilder AddWebServices(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // Serves the framework's files (blazor.web.js) from a build output in every environment, not
        // only in Development; a published app has them in wwwroot and this does nothing.
        builder.WebHost.UseStaticWebAssets();

        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents();

        // A submit is a POST that Ingest may already have published when the answer is lost: retrying
        // it blindly would send the text twice. The standard handler AddServiceDefaults gives every client
        // has one set of options for all of them, so this client gets its own: the same handler and
        // configuration, with a retry that skips POST, PUT, PATCH and DELETE. (It now sits inside service
        // discovery rather than outside; without retries that changes nothing.)
        // EXTEXP0001: RemoveAllResilienceHandlers is marked experimental; it is the way Microsoft's
        // resilience docs give to replace the default handler for one client
        // (https://learn.microsoft.com/dotnet/core/resilience/http-resilience#remove-resilience-handlers).
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient<IngestClient>(http => http.BaseAddress = ServiceAddresses.Ingest)
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler()
            .Configure((options, services) =>
            {
                Microsoft.Extensions.Hosting.Extensions.BindResilienceSection(options, services);
                options.Retry.DisableForUnsafeHttpMethods();
            });
#pragma warning restore EXTEXP0001

        builder.AddResultsFeeds();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<ConversationStorage>();
        builder.Services.AddScoped<ChatSession>();

        return builder;
    }

    /// <summary>
    /// The Results client, the process's one feed of live results and one of answers being written,
    /// and result watches for pages.
    /// </summary>
    internal static IHostApplicationBuilder AddResultsFeeds(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient<ResultsClient>(http => http.BaseAddress = ServiceAddresses.Results);

        builder.Services.AddOptions<ResultsFeedOptions>()
            .BindConfiguration(ResultsFeedOptions.SectionName)
            .Validate(options => options.Capacity > 0, $"{ResultsFeedOptions.SectionName}:Capacity must be positive.")
            .Validate(options => options.AnswerCapacity > 0, $"{ResultsFeedOptions.SectionName}:AnswerCapacity must be positive.")
            .ValidateOnStart();
        builder.Services.AddServiceDiscovery();
        builder.Services.AddSingleton<ResultsFeed>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ResultsFeed>());
        builder.Services.AddSingleton<AnswersFeed>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AnswersFeed>());

        builder.Services.AddOptions<ResultWaitOptions>().BindConfiguration(ResultWaitOptions.SectionName);
        builder.Services.AddScoped<ResultWatcher>();

        return builder;
    }
}
