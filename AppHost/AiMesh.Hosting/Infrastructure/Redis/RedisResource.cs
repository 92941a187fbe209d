using AiMesh.Hosting.ApplicationModel;

namespace AiMesh.Hosting.Infrastructure.Redis;

/// <summary>A Redis server; locally Debian's redis-server, protected by a generated password.</summary>
public sealed class RedisResource(string name, ParameterResource password)
    : Resource(name), IResourceWithConnectionString, IResourceWithEndpoints, IResourceWithWaitSupport
{
    public const string EndpointName = "tcp";

    public ParameterResource Password { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    /// <summary>Aspire 9.2+'s format, which AiMesh's RESP client and StackExchange.Redis both read.</summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Host}:{PrimaryEndpoint.Port},password={Password}");

    public IEnumerable<KeyValuePair<string, ReferenceExpression>> GetConnectionProperties()
    {
        if (this.IsExternal())
        {
            yield break;
        }

        yield return new("HOST", ReferenceExpression.Create($"{PrimaryEndpoint.Host}"));
        yield return new("PORT", ReferenceExpression.Create($"{PrimaryEndpoint.Port}"));
        yield return new("PASSWORD", ReferenceExpression.Create($"{Password}"));
        yield return new("URI", ReferenceExpression.Create($"redis://:{Password}@{PrimaryEndpoint.Host}:{PrimaryEndpoint.Port}"));
    }
}
