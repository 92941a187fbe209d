namespace AiMesh.Hosting.Orchestration.Processes;

internal enum UnixSignal
{
    Int = 2,
    Kill = 9,
    Term = 15,
}
