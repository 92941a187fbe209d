namespace AiMesh.Hosting;

/// <summary>
/// Lets the testing builder run an AppHost's Main up to <c>Build()</c> and take its model, the way
/// Aspire.Hosting.Testing intercepts the host; flows with the async context of the test that set it.
/// </summary>
internal sealed class AppHostInterception
{
    public static readonly AsyncLocal<AppHostInterception?> Current = new();

    public Action<DistributedApplicationOptions>? ConfigureOptions { get; init; }

    public DistributedApplicationBuilder? CapturedBuilder { get; set; }
}

internal sealed class AppHostCapturedException() : Exception("The AppHost's model was taken over by the testing builder.");
