using AiMesh.Web.Clients;
using AiMesh.Web.Feed;
using Microsoft.Extensions.Options;

namespace AiMesh.Web.Submissions;

/// <summary>Starts a <see cref="ResultWatch"/> for each submission of a page (one per circuit).</summary>
public sealed class ResultWatcher(ResultsFeed feed, ResultsClient results, IOptions<ResultWaitOptions> options, ILogger<ResultWatch> logger)
{
    /// <summary>Starts watching; call before posting the text, dispose when the page no longer waits.</summary>
    public ResultWatch Start() => new(feed, results, options.Value, logger);
}
