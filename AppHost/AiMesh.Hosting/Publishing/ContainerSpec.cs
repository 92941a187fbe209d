using AiMesh.Hosting.ApplicationModel;

namespace AiMesh.Hosting.Publishing;

/// <summary>
/// How a resource AiMesh runs as a local process is deployed as a container (<c>container.v0</c>). Argument
/// and environment values are strings or <see cref="IManifestExpressionProvider"/>s.
/// </summary>
internal sealed record ContainerSpec(string Image, ReferenceExpression ConnectionString)
{
    public string? Entrypoint { get; init; }

    public IReadOnlyList<object> Args { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, object>> Environment { get; init; } = [];

    public IReadOnlyList<ManifestBinding> Bindings { get; init; } = [];
}
