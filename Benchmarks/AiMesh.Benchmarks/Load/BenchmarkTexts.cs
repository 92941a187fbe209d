namespace AiMesh.Benchmarks.Load;

/// <summary>
/// Distinct texts of a realistic length with a mix of sentiments. Each carries its number, so no two
/// are alike and the first pass sees no cache hits.
/// </summary>
internal static class BenchmarkTexts
{
    private static readonly string[] s_subjects =
        ["order", "invoice", "delivery", "support call", "booking", "parcel", "refund", "upgrade"];

    private static readonly string[] s_verdicts =
        ["was fast and the staff were friendly", "arrived broken and nobody answered my emails",
         "was handled on Tuesday as planned", "was not bad at all, I am quite happy",
         "took far too long and I am disappointed", "was listed in the weekly report"];

    public static IReadOnlyList<string> Create(int count, string prefix) =>
        [.. Enumerable.Range(0, count).Select(i =>
            $"{prefix} {i + 1}: the {s_subjects[i % s_subjects.Length]} {s_verdicts[i / s_subjects.Length % s_verdicts.Length]}.")];
}
