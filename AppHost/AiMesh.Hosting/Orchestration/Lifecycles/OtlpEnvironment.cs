using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace AiMesh.Hosting.Orchestration.Lifecycles;

/// <summary>The OpenTelemetry variables Aspire gives every project (ASPIRE-CONVENTIONS.md section 1).</summary>
internal static class OtlpEnvironment
{
    public static void Add(IDictionary<string, string> environment, string serviceName, string instanceId, IConfiguration configuration, IHostEnvironment hostEnvironment)
    {
        environment["OTEL_SERVICE_NAME"] = serviceName;
        environment["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={instanceId}";
        environment["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory";

        // Only when something receives telemetry: the dashboard's gRPC endpoint is preferred, as in Aspire.
        var (endpoint, protocol) = configuration["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] is { Length: > 0 } grpc ? (grpc, "grpc")
            : configuration["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] is { Length: > 0 } http ? (http, "http/protobuf")
            : (configuration["OTEL_EXPORTER_OTLP_ENDPOINT"], configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] ?? "grpc");
        if (!string.IsNullOrEmpty(endpoint))
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint;
            environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol;
            if (configuration["AppHost:OtlpApiKey"] is { Length: > 0 } apiKey)
            {
                environment["OTEL_EXPORTER_OTLP_HEADERS"] = $"x-otlp-api-key={apiKey}";
            }
        }

        if (hostEnvironment.IsDevelopment())
        {
            // Short export intervals so traces and metrics show up while someone watches.
            environment["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
            environment["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
            environment["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
            environment["OTEL_TRACES_SAMPLER"] = "always_on";
            environment["OTEL_METRICS_EXEMPLAR_FILTER"] = "trace_based";
        }
    }
}
