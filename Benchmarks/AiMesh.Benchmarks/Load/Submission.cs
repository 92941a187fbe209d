namespace AiMesh.Benchmarks.Load;

/// <summary>
/// What one POST got: its status, the text's id when accepted, and how long the answer took from
/// <paramref name="SentAt"/>, when the POST started (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).
/// </summary>
internal readonly record struct Submission(int Status, Guid? Id, TimeSpan Elapsed, string? Error, long SentAt)
{
    public bool Accepted => Id is not null;
}
