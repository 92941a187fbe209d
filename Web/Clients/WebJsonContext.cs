using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiMesh.Web.Clients;

/// <summary>
/// Source-generated JSON for the UI's own request and response bodies, with the same web defaults
/// (camelCase) as <see cref="AiMesh.Contracts.ContractsJsonContext"/>, which covers the contract types.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SubmitRequest))]
[JsonSerializable(typeof(SubmitAccepted))]
[JsonSerializable(typeof(ProblemDocument))]
[JsonSerializable(typeof(ModelList))]
public sealed partial class WebJsonContext : JsonSerializerContext;
