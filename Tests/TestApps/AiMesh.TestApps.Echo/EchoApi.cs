namespace AiMesh.TestApps.Echo;

/// <summary>What the hosting tests ask a running service: what it was given, who it is, whom it reaches.</summary>
internal static class EchoApi
{
    private static readonly string[] s_reportedPrefixes = ["ConnectionStrings__", "services__", "OTEL_", "ASPNETCORE_", "DOTNET_ENVIRONMENT", "ECHO_"];

    public static void MapEchoApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/env", GetEnvironment);
        app.MapGet("/whoami", WhoAmI);
        app.MapGet("/call/{service}", CallAsync);
    }

    private static IResult GetEnvironment() => TypedResults.Ok(
        Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => s_reportedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)) || name.EndsWith("_HOST", StringComparison.Ordinal)
                || name.EndsWith("_PORT", StringComparison.Ordinal) || name.EndsWith("_URI", StringComparison.Ordinal) || name.EndsWith("_HTTP", StringComparison.Ordinal))
            .ToDictionary(name => name, name => Environment.GetEnvironmentVariable(name)));

    private static IResult WhoAmI() => TypedResults.Ok(new WhoAmIResponse(InstanceId(), Environment.ProcessId));

    /// <summary>Calls another service by name through service discovery, as the pipeline's services will.</summary>
    private static async Task<IResult> CallAsync(string service, IHttpClientFactory clients, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient("peers");
        var response = await client.GetFromJsonAsync<WhoAmIResponse>($"http://{service}/whoami", cancellationToken);
        return TypedResults.Ok(response);
    }

    private static string InstanceId() =>
        (Environment.GetEnvironmentVariable("OTEL_RESOURCE_ATTRIBUTES") ?? "")
            .Split(',').Select(a => a.Split('=', 2)).Where(kv => kv.Length == 2 && kv[0] == "service.instance.id")
            .Select(kv => kv[1]).FirstOrDefault() ?? "";
}

internal sealed record WhoAmIResponse(string InstanceId, int Pid);
