using AiMesh.Ai.Api;
using AiMesh.Ai.Models;
using AiMesh.Ai.Models.Fast;
using AiMesh.Ai.Models.Neural;
using AiMesh.Ai.Models.Sentiment;
using AiMesh.Contracts;
using Microsoft.Extensions.Options;

namespace AiMesh.Ai;

/// <summary>The Ai service's registrations, called from Program.cs.</summary>
internal static class Extensions
{
    /// <summary>
    /// Problem details, the JSON contracts, <see cref="AiOptions"/> (checked at start), the models and the
    /// catalog that finds them by name.
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

        // Further models (an OpenAI-compatible LLM, image models) register here beside these.
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
