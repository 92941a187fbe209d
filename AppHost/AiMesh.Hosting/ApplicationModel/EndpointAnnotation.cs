namespace AiMesh.Hosting.ApplicationModel;

/// <summary>
/// A network endpoint a resource listens on. With replicas, every replica gets its own port: AiMesh
/// hands clients the whole list instead of putting a proxy in front (see the README).
/// </summary>
public sealed class EndpointAnnotation(string name, string scheme, int? port = null) : IResourceAnnotation
{
    public string Name { get; } = name;

    /// <summary>http, https, or tcp for non-HTTP protocols.</summary>
    public string Scheme { get; } = scheme;

    /// <summary>A fixed port; null lets the AppHost allocate a free one at start.</summary>
    public int? Port { get; } = port;

    /// <summary>
    /// Reachable from outside the application (a UI or public API): the console prints it as a place to
    /// open, and the manifest marks its binding <c>external</c>, as Aspire's <c>WithExternalHttpEndpoints</c> does.
    /// </summary>
    public bool IsExternal { get; set; }

    /// <summary>One allocation per replica, in replica order; empty until the AppHost allocated ports.</summary>
    public IReadOnlyList<AllocatedEndpoint> Allocated { get; internal set; } = [];

    public bool IsHttp => Scheme is "http" or "https";
}
