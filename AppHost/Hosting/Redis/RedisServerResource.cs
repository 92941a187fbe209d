namespace AiMesh.AppHost.Hosting.Redis;

/// <summary>
/// Debian's redis-server run by the AppHost as a local process, with Aspire's Redis connection string
/// (<c>host:port,password=…</c>) so that services written for Aspire's Redis container see no difference.
/// </summary>
/// <param name="name">The resource name, also the connection string's name.</param>
/// <param name="password">The password every client must give (Redis's requirepass).</param>
/// <param name="command">The redis-server executable.</param>
/// <param name="stateDirectory">This resource's directory: working directory and configuration file.</param>
public sealed class RedisServerResource(string name, ParameterResource password, string command, string stateDirectory)
    : ExecutableResource(name, command, stateDirectory), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";

    /// <summary>The server's TCP endpoint on the loopback interface.</summary>
    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);

    /// <summary>The parameter holding the password.</summary>
    public ParameterResource PasswordParameter { get; } = password;

    /// <summary>The configuration file that carries the password: readable by its owner only, never on a command line.</summary>
    public string ConfigurationFile { get; } = Path.Combine(stateDirectory, "redis.conf");

    public EndpointReferenceExpression Host => PrimaryEndpoint.Property(EndpointProperty.Host);

    public EndpointReferenceExpression Port => PrimaryEndpoint.Property(EndpointProperty.Port);

    /// <summary><c>redis://:password@host:port</c>, as Aspire 13 exposes it.</summary>
    public ReferenceExpression UriExpression => ReferenceExpression.Create($"redis://:{PasswordParameter:uri}@{Host}:{Port}");

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)},password={PasswordParameter}");

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
    [
        new("Host", ReferenceExpression.Create($"{Host}")),
        new("Port", ReferenceExpression.Create($"{Port}")),
        new("Password", ReferenceExpression.Create($"{PasswordParameter}")),
        new("Uri", UriExpression),
    ];
}
