using System.Globalization;

namespace AiMesh.Web.Components.Results;

/// <summary>How result fields read on the page; the same everywhere, whatever the server's culture.</summary>
public static class ResultFormat
{
    /// <summary>0.973 reads <c>97.3 %</c>.</summary>
    public static string Score(double score) =>
        string.Create(CultureInfo.InvariantCulture, $"{score * 100:0.0} %");

    /// <summary>The time from acceptance to the answer: <c>42 ms</c>, <c>1.3 s</c>.</summary>
    public static string Latency(DateTimeOffset acceptedAt, DateTimeOffset completedAt) =>
        Duration(completedAt - acceptedAt);

    /// <summary>A duration the way latencies read: <c>42 ms</c>, <c>1.3 s</c>; a negative one reads 0 ms.</summary>
    public static string Duration(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            duration = TimeSpan.Zero;
        }

        return duration < TimeSpan.FromSeconds(1)
            ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0} ms")
            : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.0} s");
    }

    /// <summary>When the answer came, as UTC clock time (the page has no idea of the reader's time zone).</summary>
    public static string Time(DateTimeOffset completedAt) =>
        completedAt.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Whether the answer came from the cache.</summary>
    public static string Cached(bool cached) => cached ? "yes" : "no";

    /// <summary>The CSS class that colours a label: positive green, negative red, neutral and anything else grey.</summary>
    public static string LabelClass(string? label) => label?.Trim().ToLowerInvariant() switch
    {
        "positive" => "label-positive",
        "negative" => "label-negative",
        "neutral" => "label-neutral",
        _ => "label-other",
    };
}
