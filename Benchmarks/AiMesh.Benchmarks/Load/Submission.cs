namespace AiMesh.Benchmarks.Load;

/// <summary>What one POST got: its status, the text's id when accepted, and how long the answer took.</summary>
internal readonly record struct Submission(int Status, Guid? Id, TimeSpan Elapsed, string? Error)
{
    public bool Accepted => Id is not null;
}
