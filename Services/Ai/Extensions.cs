using AiMesh.Ai.Api;
using AiMesh.Ai.Llm;
using AiMesh.Ai.Models;
using AiMesh.Ai.Models.Fast;
using AiMesh.Ai.Models.Neural;
using AiMesh.Ai.Models.Sentiment;
using AiMesh.Contracts;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiMesh.Ai;

/// <summary>The Ai service's registrations, called from Program.cs.</summary>
internal static class Extensions
{
    /// <summary>
    /// Problem details, the JSON contracts, <see cref="AiOptions"/> (checked at start), the built-in models
    /// and the catalog that finds them by name, and the LLM models (<see cref="LlmOptions"/>).
    /// </summary>
    public static TBuilder AddAiServices<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default);
            options.SerializerOptions.TypeInfoResolverChain.Insert(1, AiJsonContext.Default);
        });

        builder.Services.AddOptions<AiOptions>()
            .BindConfiguration(AiOptions.SectionName)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AiOptions>, AiOptionsValidator>();

        // LLM models on an OpenAI-compatible endpoint (POST /api/answer), configured rather than coded.
        builder.Services.AddOptions<LlmOptions>()
            .BindConfiguration(LlmOptions.SectionName)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<LlmChatClients>();
        builder.Services.AddSingleton<LlmCatalog>();
        builder.Services.AddSingleton<LlmEndpointProbe>();
        builder.Services.AddHostedService(services => services.GetRequiredService<LlmEndpointProbe>());

        // Further built-in models (image models) register here beside these.
        builder.Services.AddInferenceModel<NeuralSentimentModel>();
        builder.Services.AddInferenceModel<FastSentimentModel>();
        builder.Services.AddInferenceModel<LexiconSentimentModel>();
        builder.Services.AddSingleton<ModelCatalog>();

        // The neural model loads in the background; /health is Unhealthy until it has.
        builder.Services.AddHostedService<ModelLoader>();
        builder.Services.AddHealthChecks().AddCheck<ModelsHealthCheck>(ModelsHealthCheck.Name);

        return builder;
    }
}
