namespace AiMesh.Hosting.ApplicationModel;

/// <summary>Adds environment variables to a resource's process; runs once per replica start.</summary>
public sealed class EnvironmentCallbackAnnotation(Func<EnvironmentCallbackContext, Task> callback) : IResourceAnnotation
{
    public EnvironmentCallbackAnnotation(string name, Func<object> value)
        : this(context =>
        {
            context.EnvironmentVariables[name] = value();
            return Task.CompletedTask;
        })
    {
    }

    public Func<EnvironmentCallbackContext, Task> Callback { get; } = callback;
}
