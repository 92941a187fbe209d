using AiMesh.Results.Storage;
using AiMesh.Results.Storage.Migrations;
using Microsoft.Extensions.Options;

namespace AiMesh.Results.Apis;

/// <summary>What the results endpoints use, bound with <c>[AsParameters]</c>.</summary>
internal sealed class ResultsApiServices(ResultStore store, MigrationState migrations, IOptions<ResultsOptions> options)
{
    public ResultStore Store { get; } = store;

    public MigrationState Migrations { get; } = migrations;

    public IOptions<ResultsOptions> Options { get; } = options;
}
