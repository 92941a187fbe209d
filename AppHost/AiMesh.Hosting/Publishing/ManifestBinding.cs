namespace AiMesh.Hosting.Publishing;

/// <summary>
/// One entry of a manifest resource's <c>bindings</c>; <see cref="TargetPort"/> is where the workload
/// listens, null when the deployment chooses it.
/// </summary>
internal sealed record ManifestBinding(string Name, string Scheme, string Transport, int? TargetPort = null, bool External = false)
{
    public static ManifestBinding Tcp(string name, int targetPort) => new(name, "tcp", "tcp", targetPort);
}
