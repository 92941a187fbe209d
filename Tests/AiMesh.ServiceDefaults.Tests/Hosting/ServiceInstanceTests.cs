using AiMesh.ServiceDefaults.Hosting;
using AiMesh.ServiceDefaults.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AiMesh.ServiceDefaults.Tests.Hosting;

public sealed class ServiceInstanceTests
{
    [Fact]
    public void The_AppHost_s_service_name_and_instance_id_name_the_replica()
    {
        var instance = ServiceInstance.FromConfiguration(Configuration(("OTEL_SERVICE_NAME", "ai"), ("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=dev, service.instance.id=3f9c2a1b")), "AiMesh.Ai");

        Assert.Equal("ai", instance.ServiceName);
        Assert.Equal("3f9c2a1b", instance.InstanceId);
        Assert.Equal("ai-3f9c2a1b", instance.Name);
        Assert.Equal("ai-3f9c2a1b", instance.ToString());
    }

    [Fact]
    public void Percent_encoded_attribute_values_are_decoded()
    {
        var instance = ServiceInstance.FromConfiguration(Configuration(("OTEL_RESOURCE_ATTRIBUTES", "service.instance.id=pod%2D7")), "AiMesh.Ai");

        Assert.Equal("pod-7", instance.InstanceId);
    }

    [Fact]
    public void Without_an_AppHost_the_application_name_and_a_random_id_are_used()
    {
        var first = ServiceInstance.FromConfiguration(Configuration(("OTEL_RESOURCE_ATTRIBUTES", "service.instance.id=")), "AiMesh.Ai");
        var second = ServiceInstance.FromConfiguration(Configuration(), "AiMesh.Ai");

        Assert.Equal("AiMesh.Ai", first.ServiceName);
        Assert.Matches("^[0-9a-f]{8}$", first.InstanceId);
        Assert.NotEqual(first.InstanceId, second.InstanceId);
    }

    [Fact]
    public void The_service_defaults_register_one_identity_per_process()
    {
        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?> { ["OTEL_SERVICE_NAME"] = "ingest" });
        builder.AddBasicServiceDefaults();
        using var host = builder.Build();

        var instance = host.Services.GetRequiredService<ServiceInstance>();

        Assert.Equal("ingest", instance.ServiceName);
        Assert.Same(instance, host.Services.GetRequiredService<ServiceInstance>());
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
