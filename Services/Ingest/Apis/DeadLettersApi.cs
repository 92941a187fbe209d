using AiMesh.Ingest.DeadLetters;
using Confluent.Kafka;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiMesh.Ingest.Apis;

/// <summary>
/// <c>/api/dead-letters/{topic}</c>: the messages Inference (<c>data-topic</c>) or Results (<c>result-topic</c>)
/// gave up on, with why, and their replay to the topic they came from once the cause is fixed.
/// </summary>
internal static class DeadLettersApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapDeadLettersApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        var group = app.MapGroup("/api/dead-letters/{topic}").WithTags("Dead letters");
        group.MapGet("/", ListAsync)
            .WithName("ListDeadLetters")
            .WithSummary("The latest dead letters of data-topic or result-topic.")
            .WithDescription(
                $"Newest first, at most limit (default {DefaultLimit}, at most {MaxLimit}): where each came from, why it was given up on, " +
                "how often it had been replayed, and whether it has been replayed since.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/replay", ReplayAsync)
            .WithName("ReplayDeadLetters")
            .WithSummary("Sends every dead letter not replayed before back to its topic.")
            .WithDescription(
                "Each message goes back with its original key, value and headers and one more replay counted; a message " +
                "that fails again becomes a new dead letter and waits for the next replay request.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<DeadLetterEntry>>, ProblemHttpResult>> ListAsync(
        string topic,
        int? limit,
        DeadLetterQueue queue,
        CancellationToken cancellationToken)
    {
        if (Unknown(topic) is { } unknown)
        {
            return unknown;
        }

        if (limit is < 1 or > MaxLimit)
        {
            return TypedResults.Problem(
                detail: $"limit must be between 1 and {MaxLimit}; it is {limit}.",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid limit");
        }

        try
        {
            return TypedResults.Ok(await queue.ListAsync(topic, limit ?? DefaultLimit, cancellationToken));
        }
        catch (KafkaException exception)
        {
            return KafkaUnavailable(exception);
        }
    }

    private static async Task<Results<Ok<IReadOnlyList<ReplayedDeadLetter>>, ProblemHttpResult>> ReplayAsync(
        string topic,
        DeadLetterQueue queue,
        CancellationToken cancellationToken)
    {
        if (Unknown(topic) is { } unknown)
        {
            return unknown;
        }

        try
        {
            return TypedResults.Ok(await queue.ReplayAsync(topic, cancellationToken));
        }
        catch (KafkaException exception)
        {
            return KafkaUnavailable(exception);
        }
    }

    private static ProblemHttpResult? Unknown(string topic) =>
        DeadLetterQueue.SourceTopics.Contains(topic)
            ? null
            : TypedResults.Problem(
                detail: $"'{topic}' has no dead letters here; the topics are {string.Join(" and ", DeadLetterQueue.SourceTopics)}.",
                statusCode: StatusCodes.Status404NotFound,
                title: "Unknown topic");

    private static ProblemHttpResult KafkaUnavailable(KafkaException exception) =>
        TypedResults.Problem(
            detail: $"Kafka did not answer: {exception.Error.Reason}. Nothing more was replayed; try again later.",
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Kafka is unavailable");
}
