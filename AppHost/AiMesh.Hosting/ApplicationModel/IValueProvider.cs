namespace AiMesh.Hosting.ApplicationModel;

/// <summary>A value that may only be known once the application runs (a port, a generated password).</summary>
public interface IValueProvider
{
    ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default);
}
