namespace AiMesh.Hosting.ApplicationModel;

/// <summary>Appends command-line arguments to a resource's process.</summary>
public sealed class CommandLineArgsCallbackAnnotation(Func<CommandLineArgsCallbackContext, Task> callback) : IResourceAnnotation
{
    public Func<CommandLineArgsCallbackContext, Task> Callback { get; } = callback;
}
