namespace AiMesh.Ai.Tests.TestSupport;

/// <summary>A second model type for the registration and plug-in tests, named "echo".</summary>
internal sealed class EchoModel() : FixedAnswerModel("echo", "echoed", 1.0);
