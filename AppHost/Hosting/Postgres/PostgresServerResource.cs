namespace AiMesh.AppHost.Hosting.Postgres;

/// <summary>
/// Debian's PostgreSQL run by the AppHost as a local process on a loopback port, its data in the AppHost's
/// state directory so that it outlives runs. Its connection string is Aspire's PostgreSQL server format,
/// <c>Host=…;Port=…;Username=postgres;Password=…</c>.
/// </summary>
public sealed class PostgresServerResource : ExecutableResource, IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";

    /// <summary>The superuser clients log in as, the same default as Aspire's PostgreSQL container.</summary>
    public const string UserName = "postgres";

    private readonly List<PostgresDatabaseResource> _databases = [];

    /// <param name="name">The resource name, also the connection string's name.</param>
    /// <param name="password">The superuser's password; the AppHost sets it on the server on every start.</param>
    /// <param name="command">The executable DCP starts (setpriv when the AppHost is root, else postgres).</param>
    /// <param name="stateDirectory">This server's directory: data, socket and authentication files.</param>
    public PostgresServerResource(string name, ParameterResource password, string command, string stateDirectory)
        : base(name, command, stateDirectory)
    {
        PasswordParameter = password;
        PrimaryEndpoint = new(this, PrimaryEndpointName);
        DataDirectory = Path.Combine(stateDirectory, "data");
        SocketDirectory = Path.Combine(stateDirectory, "socket");
    }

    public EndpointReference PrimaryEndpoint { get; }

    public ParameterResource PasswordParameter { get; }

    /// <summary>The cluster's data directory (initdb'd once, kept between runs).</summary>
    public string DataDirectory { get; }

    /// <summary>The Unix socket's directory: only the server's user (and root) may enter it.</summary>
    public string SocketDirectory { get; }

    /// <summary>Client authentication rules, rewritten by the AppHost on every start.</summary>
    public string HbaFile => Path.Combine(WorkingDirectory, "pg_hba.conf");

    /// <summary>Which operating-system users may log in through the socket as <see cref="UserName"/>.</summary>
    public string IdentFile => Path.Combine(WorkingDirectory, "pg_ident.conf");

    public IReadOnlyList<PostgresDatabaseResource> Databases => _databases;

    public EndpointReferenceExpression Host => PrimaryEndpoint.Property(EndpointProperty.Host);

    public EndpointReferenceExpression Port => PrimaryEndpoint.Property(EndpointProperty.Port);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"Host={Host};Port={Port};Username={UserName};Password={PasswordParameter}");

    internal void AddDatabase(PostgresDatabaseResource database) => _databases.Add(database);

    internal ReferenceExpression BuildUri(string? databaseName)
    {
        var builder = new ReferenceExpressionBuilder();
        builder.Append($"postgresql://{UserName}:{PasswordParameter:uri}@{Host}:{Port}");
        if (databaseName is not null)
        {
            builder.Append($"/{databaseName:uri}");
        }

        return builder.Build();
    }

    internal ReferenceExpression BuildJdbcConnectionString(string? databaseName) =>
        databaseName is null
            ? ReferenceExpression.Create($"jdbc:postgresql://{Host}:{Port}")
            : ReferenceExpression.Create($"jdbc:postgresql://{Host}:{Port}/{databaseName:uri}");

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
    [
        new("Host", ReferenceExpression.Create($"{Host}")),
        new("Port", ReferenceExpression.Create($"{Port}")),
        new("Username", ReferenceExpression.Create($"{UserName}")),
        new("Password", ReferenceExpression.Create($"{PasswordParameter}")),
        new("Uri", BuildUri(null)),
        new("JdbcConnectionString", BuildJdbcConnectionString(null)),
    ];
}
