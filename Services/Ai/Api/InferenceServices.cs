using AiMesh.Ai.Models;
using AiMesh.ServiceDefaults.Hosting;
using Microsoft.Extensions.Options;

namespace AiMesh.Ai.Api;

/// <summary>What the inference endpoints need from DI, bound with <c>[AsParameters]</c>.</summary>
/// <param name="Catalog">The models by name.</param>
/// <param name="Options">The request limits.</param>
/// <param name="Instance">This replica, named in every answer.</param>
internal sealed record InferenceServices(ModelCatalog Catalog, IOptions<AiOptions> Options, ServiceInstance Instance);
