namespace AiMesh.Web.Clients;

/// <summary>
/// The logical addresses of the services the UI calls. Service discovery turns them into replicas from
/// <c>services:{name}:http:{index}</c>, which the AppHost sets for each <c>WithReference</c>.
/// </summary>
public static class ServiceAddresses
{
    /// <summary>Ingest, which accepts texts.</summary>
    public static readonly Uri Ingest = new("http://ingest");

    /// <summary>Results, which stores results and pushes them over a WebSocket.</summary>
    public static readonly Uri Results = new("http://results");
}
