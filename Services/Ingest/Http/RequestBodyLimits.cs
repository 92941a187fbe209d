using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AiMesh.Ingest.Http;

/// <summary>
/// Kestrel's request body limits, set on purpose rather than left at their defaults.
/// </summary>
internal static class RequestBodyLimits
{
    /// <summary>How often Kestrel checks data rates; it refuses a grace period that is not longer.</summary>
    public static readonly TimeSpan KestrelHeartbeat = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A body that arrives too slowly, or stops short of its Content-Length while the connection stays
    /// open, is cut off after <see cref="IngestOptions.RequestBodyGracePeriod"/> (408) instead of holding a
    /// request open. The size is not limited here: <see cref="Submissions.SubmissionReader"/> stops at
    /// <see cref="IngestOptions.MaxBodyBytes"/> itself, to answer 400 with the text limit in words, so
    /// Kestrel's <c>MaxRequestBodySize</c> (30 MB) is only a backstop it never reaches.
    /// </summary>
    public static void Apply(KestrelServerLimits limits, IngestOptions options)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(options);

        // Values Kestrel would refuse are left out here; the options validator then stops Ingest, naming the key.
        if (options.MinRequestBodyBytesPerSecond > 0 && options.RequestBodyGracePeriod > KestrelHeartbeat)
        {
            limits.MinRequestBodyDataRate = new MinDataRate(options.MinRequestBodyBytesPerSecond, options.RequestBodyGracePeriod);
        }
    }
}
