using AiMesh.Ai.Models;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AiMesh.Ai.Tests.TestSupport;

/// <summary>
/// The Ai service in memory (TestServer: no ports, nothing leaves the process), with the replica
/// identity an AppHost would give it, handed out once its models have loaded.
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

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        foreach (var model in host.Services.GetServices<IInferenceModel>().OfType<ILoadableModel>())
        {
            model.LoadAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        return host;
    }
}
