using System.Net;

namespace AiMesh.Web.Clients;

/// <summary>
/// A service answered with an error. <see cref="Exception.Message"/> is written for the person at the
/// page: the problem's detail when the service gave one, else its validation errors, else its title,
/// else the status line.
/// </summary>
public sealed class ServiceProblemException : Exception
{
    public ServiceProblemException(string service, HttpStatusCode statusCode, ProblemDocument? problem, string? reasonPhrase = null)
        : base(Describe(service, statusCode, problem, reasonPhrase))
    {
        Service = service;
        StatusCode = statusCode;
        Problem = problem;
    }

    /// <summary>The service that answered, e.g. <c>Ingest</c>.</summary>
    public string Service { get; }

    /// <summary>The HTTP status of the answer.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The problem details, when the answer carried any.</summary>
    public ProblemDocument? Problem { get; }

    /// <summary>Reads an unsuccessful answer; a body that is not problem details is ignored.</summary>
    public static async Task<ServiceProblemException> FromResponseAsync(string service, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);

        ProblemDocument? problem = null;
        if (response.Content.Headers.ContentType?.MediaType is { } mediaType
            && mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                problem = await response.Content.ReadFromJsonAsync(WebJsonContext.Default.ProblemDocument, cancellationToken).ConfigureAwait(false);
            }
            catch (System.Text.Json.JsonException)
            {
                // Not problem details after all: the status line still says what happened.
            }
        }

        return new ServiceProblemException(service, response.StatusCode, problem, response.ReasonPhrase);
    }

    private static string Describe(string service, HttpStatusCode statusCode, ProblemDocument? problem, string? reasonPhrase)
    {
        if (!string.IsNullOrWhiteSpace(problem?.Detail))
        {
            return problem.Detail.Trim();
        }

        var errors = (problem?.Errors ?? []).SelectMany(field => field.Value ?? [])
            .Where(message => !string.IsNullOrWhiteSpace(message))
            .Select(message => message.Trim())
            .ToList();
        if (errors.Count > 0)
        {
            return string.Join(" ", errors);
        }

        if (!string.IsNullOrWhiteSpace(problem?.Title))
        {
            return problem.Title.Trim();
        }

        return string.IsNullOrWhiteSpace(reasonPhrase)
            ? $"{service} answered {(int)statusCode}."
            : $"{service} answered {(int)statusCode} {reasonPhrase.Trim()}.";
    }
}
