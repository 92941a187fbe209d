namespace AiMesh.Web.Submissions;

/// <summary>
/// When a page stops trusting the feed alone and asks Results for its result directly; bound from
/// <see cref="SectionName"/>.
/// </summary>
public sealed class ResultWaitOptions
{
    /// <summary>The configuration section, e.g. <c>ResultWait__FallbackDelay=00:00:05</c>.</summary>
    public const string SectionName = "ResultWait";

    /// <summary>How long after the text was accepted the page first asks <c>GET /api/results/{id}</c>.</summary>
    public TimeSpan FallbackDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The interval between later asks doubles up to this.</summary>
    public TimeSpan MaxFallbackInterval { get; set; } = TimeSpan.FromSeconds(30);
}
