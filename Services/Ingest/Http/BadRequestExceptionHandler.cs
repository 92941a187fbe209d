using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace AiMesh.Ingest.Http;

/// <summary>
/// Answers a request Kestrel found broken while the app read it (a body shorter or slower than its
/// Content-Length, too large, malformed framing) with problem details and Kestrel's own status code
/// (400, 408, 413…), for every endpoint, instead of the 500 of an unhandled exception: the fault is the
/// client's, not Ingest's.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(
    IProblemDetailsService problemDetails,
    ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);

        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var status = badRequest.StatusCode;
        LogBadRequest(logger, httpContext.Request.Method, httpContext.Request.Path, status, badRequest.Message);
        httpContext.Response.StatusCode = status;

        // The status stands even for a client that accepts no JSON and so gets no problem body.
        await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = status,
                Title = ReasonPhrases.GetReasonPhrase(status),
                Detail = badRequest.Message,
            },
        });
        return true;
    }

    [LoggerMessage(1, LogLevel.Information, "{Method} {Path} answered {Status}: {Reason}")]
    private static partial void LogBadRequest(ILogger logger, string method, PathString path, int status, string reason);
}
