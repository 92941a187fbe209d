using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiMesh.DevBroker.Control;

/// <summary>
/// The dev broker's HTTP control surface on 127.0.0.1: health for the AppHost, status for people
/// and tests, and the mock's fault injection for the fault suite. Bad requests are answered with
/// RFC 7807 problem details.
/// </summary>
internal static class ControlApi
{
    /// <summary>The broker id that addresses every broker at once.</summary>
    public const string AllBrokers = "all";

    /// <summary>Guards against a runaway script; each error is used by one request.</summary>
    public const int MaxErrorsPerRequest = 10_000;

    /// <summary>Ten minutes: past any client timeout, which is the longest delay worth testing.</summary>
    public const int MaxRttMs = 600_000;

    public static IEndpointRouteBuilder MapControlApi(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health");
        app.MapGet("/status", GetStatus);
        app.MapPost("/brokers/{id}/down", SetBrokerDown);
        app.MapPost("/brokers/{id}/up", SetBrokerUp);
        app.MapPost("/brokers/{id}/rtt", SetBrokerRtt);
        app.MapPost("/request-errors", PushRequestErrors);
        app.MapDelete("/request-errors/{apiKey}", ClearRequestErrors);
        return app;
    }

    public static Ok<StatusResponse> GetStatus(DevBrokerCluster cluster) => TypedResults.Ok(new StatusResponse(
        cluster.BootstrapServers,
        [.. cluster.Brokers.Select(b => new StatusResponse.Broker(b.Id, b.Port, b.Up, b.RttMs))],
        [.. cluster.Topics.Select(t => new StatusResponse.Topic(t.Name, t.Partitions))],
        Durable: false,
        DevBrokerCluster.RetentionBytesPerPartition,
        DevBrokerCluster.InMemoryWarning));

    public static Results<Ok<StatusResponse>, ProblemHttpResult> SetBrokerDown(string id, DevBrokerCluster cluster) =>
        SetBrokerUpOrDown(id, up: false, cluster);

    public static Results<Ok<StatusResponse>, ProblemHttpResult> SetBrokerUp(string id, DevBrokerCluster cluster) =>
        SetBrokerUpOrDown(id, up: true, cluster);

    public static Results<Ok<StatusResponse>, ProblemHttpResult, ValidationProblem> SetBrokerRtt(string id, RttRequest request, DevBrokerCluster cluster)
    {
        var (brokerId, problem) = FindBroker(id, cluster, allowAll: true);
        if (problem is not null)
        {
            return problem;
        }

        if (request.Ms is not int ms || ms < 0 || ms > MaxRttMs)
        {
            return Invalid("ms", $"ms must be a whole number of milliseconds from 0 to {MaxRttMs}.");
        }

        cluster.SetBrokerRtt(brokerId, ms);
        return GetStatus(cluster);
    }

    public static Results<NoContent, ValidationProblem, ProblemHttpResult> PushRequestErrors(RequestErrorsRequest request, DevBrokerCluster cluster)
    {
        var errors = new Dictionary<string, string[]>();
        if (!KafkaNames.TryParseApiKey(ReadToken(request.ApiKey) ?? "", out var apiKey))
        {
            errors["apiKey"] = [$"apiKey must be a request type such as \"Produce\" ({string.Join(", ", Enum.GetNames<KafkaApiKey>())}) or its number."];
        }

        var codes = new List<int>();
        if (request.Errors is not { Count: > 0 and <= MaxErrorsPerRequest })
        {
            errors["errors"] = [$"errors must list 1 to {MaxErrorsPerRequest} error codes."];
        }
        else
        {
            foreach (var (element, index) in request.Errors.Select((e, i) => (e, i)))
            {
                if (KafkaNames.TryParseErrorCode(ReadToken(element) ?? "", out var code))
                {
                    codes.Add(code);
                }
                else
                {
                    errors[$"errors[{index}]"] = [$"{element.GetRawText()} is not a Confluent.Kafka ErrorCode name (such as \"NotLeaderForPartition\") or number."];
                }
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (request.BrokerId is int brokerId
            && FindBroker(brokerId.ToString(CultureInfo.InvariantCulture), cluster, allowAll: false) is { Problem: { } problem })
        {
            return problem;
        }

        cluster.PushRequestErrors(apiKey, codes, request.BrokerId);
        return TypedResults.NoContent();
    }

    public static Results<NoContent, ValidationProblem> ClearRequestErrors(string apiKey, DevBrokerCluster cluster)
    {
        if (!KafkaNames.TryParseApiKey(apiKey, out var key))
        {
            return Invalid("apiKey", $"'{apiKey}' is not a request type such as \"Produce\" or its number.");
        }

        cluster.ClearRequestErrors(key);
        return TypedResults.NoContent();
    }

    private static Results<Ok<StatusResponse>, ProblemHttpResult> SetBrokerUpOrDown(string id, bool up, DevBrokerCluster cluster)
    {
        var (brokerId, problem) = FindBroker(id, cluster, allowAll: true);
        if (problem is not null)
        {
            return problem;
        }

        cluster.SetBrokerUp(brokerId, up);
        return GetStatus(cluster);
    }

    private static (int Id, ProblemHttpResult? Problem) FindBroker(string id, DevBrokerCluster cluster, bool allowAll)
    {
        if (allowAll && id == AllBrokers)
        {
            return (MockCluster.AllBrokers, null);
        }

        var count = cluster.Brokers.Count;
        if (int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var brokerId) && brokerId >= 1 && brokerId <= count)
        {
            return (brokerId, null);
        }

        var accepted = allowAll ? $"1 to {count}, or \"{AllBrokers}\"" : $"1 to {count}";
        return (0, TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "No such broker",
            detail: $"Broker '{id}' does not exist; broker ids are {accepted}."));
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    // Names arrive as JSON strings and numbers as JSON numbers; both are read from their text.
    private static string? ReadToken(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetRawText(),
        _ => null,
    };
}
