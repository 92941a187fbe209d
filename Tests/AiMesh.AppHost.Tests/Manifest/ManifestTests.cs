using System.Diagnostics;
using System.Text.Json;

namespace AiMesh.AppHost.Tests.Manifest;

/// <summary>The manifest azd deploys from: Aspire's standard containers for the servers, projects for the services.</summary>
public sealed class ManifestTests
{
    [Fact]
    public async Task Publishing_the_manifest_describes_the_servers_as_containers_and_the_services_as_projects()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var output = Directory.CreateTempSubdirectory("aimesh-manifest-");
        try
        {
            var manifestPath = Path.Combine(output.FullName, "aspire-manifest.json");
            var startInfo = new ProcessStartInfo("dotnet", ["run", "--project", "AppHost", "--no-build", "--", "--publisher", "manifest", "--output-path", manifestPath])
            {
                WorkingDirectory = RepositoryRoot.Path,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var publish = Process.Start(startInfo)!;
            var stdout = publish.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = publish.StandardError.ReadToEndAsync(cancellationToken);
            await publish.WaitForExitAsync(cancellationToken).DefaultTimeout(TimeSpan.FromMinutes(2));
            Assert.True(publish.ExitCode == 0, $"Publishing failed ({publish.ExitCode}):\n{await stdout}\n{await stderr}");

            using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(manifestPath, cancellationToken));
            var resources = manifest.RootElement.GetProperty("resources");
            string TypeOf(string name) => resources.GetProperty(name).GetProperty("type").GetString()!;

            Assert.All(["kafka", "redis", "postgres"], name => Assert.Equal("container.v0", TypeOf(name)));
            Assert.All(["ai", "inference", "results", "ingest", "web"], name => Assert.StartsWith("project.v", TypeOf(name), StringComparison.Ordinal));
            Assert.Contains("confluent-local", resources.GetProperty("kafka").GetProperty("image").GetString(), StringComparison.Ordinal);
            Assert.Equal("{postgres.connectionString};Database=aimesh", resources.GetProperty("aimesh").GetProperty("connectionString").GetString());
            Assert.Equal("{kafka.connectionString}", resources.GetProperty("ingest").GetProperty("env").GetProperty("ConnectionStrings__kafka").GetString());

            // The LLM key is a secret input without a value: azd asks for it, nothing carries it.
            var keyInput = resources.GetProperty("llm-api-key").GetProperty("inputs").GetProperty("value");
            Assert.True(keyInput.GetProperty("secret").GetBoolean());
            Assert.False(keyInput.TryGetProperty("default", out _));
            Assert.Equal("{llm-api-key.value}", resources.GetProperty("ai").GetProperty("env").GetProperty("Ai__Llm__ApiKey").GetString());
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
