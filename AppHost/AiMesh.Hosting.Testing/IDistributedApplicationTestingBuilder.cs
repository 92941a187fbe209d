namespace AiMesh.Hosting.Testing;

/// <summary>An application model under test: change it like any builder, then build and start it.</summary>
public interface IDistributedApplicationTestingBuilder : IDistributedApplicationBuilder
{
    /// <summary>Builds the application; the test starts it and must dispose it.</summary>
    Task<DistributedApplication> BuildAsync(CancellationToken cancellationToken = default);
}
