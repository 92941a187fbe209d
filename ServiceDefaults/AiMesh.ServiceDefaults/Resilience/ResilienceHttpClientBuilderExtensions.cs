using AiMesh.ServiceDefaults.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The standard resilience handler, with the name Microsoft.Extensions.Http.Resilience uses.
/// </summary>
public static class ResilienceHttpClientBuilderExtensions
{
    /// <summary>
    /// Adds the standard pipeline (total timeout, retry, circuit breaker, attempt timeout) to the client.
    /// Options come from <c>HttpClientDefaults:Resilience</c>, then <paramref name="configure"/>.
    /// </summary>
    public static IHttpClientBuilder AddStandardResilienceHandler(this IHttpClientBuilder builder, Action<HttpStandardResilienceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // ConfigureHttpClientDefaults passes a builder without a name: those options are the default ones.
        var optionsName = builder.Name ?? Options.Options.DefaultName;

        builder.Services.AddOptions();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HttpStandardResilienceOptions>, BindFromConfiguration>());
        if (configure is not null)
        {
            builder.Services.Configure(optionsName, configure);
        }

        builder.Services.TryAddSingleton<StandardResiliencePipelines>();
        builder.AddHttpMessageHandler(services =>
            new StandardResilienceHandler(services.GetRequiredService<StandardResiliencePipelines>(), optionsName));

        return builder;
    }

    /// <summary>Binds every named instance from <see cref="HttpStandardResilienceOptions.SectionName"/>.</summary>
    private sealed class BindFromConfiguration(IConfiguration configuration) : IConfigureNamedOptions<HttpStandardResilienceOptions>
    {
        public void Configure(string? name, HttpStandardResilienceOptions options) =>
            configuration.GetSection(HttpStandardResilienceOptions.SectionName).Bind(options);

        public void Configure(HttpStandardResilienceOptions options) => Configure(Options.Options.DefaultName, options);
    }
}
