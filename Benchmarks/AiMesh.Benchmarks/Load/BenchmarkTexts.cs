using System.Globalization;

namespace AiMesh.Benchmarks.Load;

/// <summary>
/// Distinct texts of a realistic length with a mix of sentiments. Each carries this run's mark and its
/// own number, so no two are alike, in this run or any other against the same cache: every text is a
/// cache miss and its model really runs.
/// </summary>
internal sealed class BenchmarkTexts
{
    private static readonly string[] s_subjects =
        ["order", "invoice", "delivery", "support call", "booking", "parcel", "refund", "upgrade"];

    private static readonly string[] s_verdicts =
        ["was fast and the staff were friendly", "arrived broken and nobody answered my emails",
         "was handled on Tuesday as planned", "was not bad at all, I am quite happy",
         "took far too long and I am disappointed", "was listed in the weekly report"];

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private long _count;

    /// <summary>The next text; safe to call from any number of senders at once.</summary>
    public string Next()
    {
        var i = Interlocked.Increment(ref _count);
        var subject = s_subjects[i % s_subjects.Length];
        var verdict = s_verdicts[i / s_subjects.Length % s_verdicts.Length];
        return string.Create(CultureInfo.InvariantCulture, $"Review {_run}-{i}: the {subject} {verdict}.");
    }
}
