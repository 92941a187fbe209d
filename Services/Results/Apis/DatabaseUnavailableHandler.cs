using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;

namespace AiMesh.Results.Apis;

/// <summary>
/// Turns a database failure during a request into a 503 problem (the database is away, not the
/// request wrong) and leaves every other exception to the default 500.
/// </summary>
internal sealed partial class DatabaseUnavailableHandler(IProblemDetailsService problemDetails, ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not DbException)
        {
            return false;
        }

        LogDatabaseUnavailable(logger, httpContext.Request.Path, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Database unavailable",
                Detail = "The results database could not answer; try again shortly.",
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} failed: the database could not answer ({Reason})")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string path, string reason);
}
