using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AiMesh.Ai.Models;

/// <summary>Registers models so <see cref="ModelCatalog"/> finds them.</summary>
public static class InferenceModelServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TModel"/> as a singleton <see cref="IInferenceModel"/>; registering the
    /// same type twice has no further effect.
    /// </summary>
    public static IServiceCollection AddInferenceModel<TModel>(this IServiceCollection services)
        where TModel : class, IInferenceModel
    {
        ArgumentNullException.ThrowIfNull(services);

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInferenceModel, TModel>());
        return services;
    }
}
