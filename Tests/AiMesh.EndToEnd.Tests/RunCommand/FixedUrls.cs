namespace AiMesh.EndToEnd.Tests.RunCommand;

/// <summary>The URLs the run command serves on every run (launch profiles), as the README gives them.</summary>
internal static class FixedUrls
{
    public const string Dashboard = "http://localhost:18888";
    public const string Web = "http://localhost:5080";
    public const string Ingest = "http://localhost:5081";
}
