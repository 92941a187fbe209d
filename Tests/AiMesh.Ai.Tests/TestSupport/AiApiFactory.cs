using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AiMesh.Ai.Tests.TestSupport;

/// <summary>
/// The Ai service in memory (TestServer: no ports, nothing leaves the process), with the replica
/// identity an AppHost would give it.
/// </summary>
public sealed class AiApiFactory : WebApplicationFactory<Program>
{
    public const string ServiceName = "ai";
    public const string InstanceId = "test1234";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("OTEL_SERVICE_NAME", ServiceName);
        builder.UseSetting("OTEL_RESOURCE_ATTRIBUTES", $"service.instance.id={InstanceId}");
    }
}
