using Microsoft.Extensions.Logging;

namespace AiMesh.Hosting.Publishing;

/// <summary>
/// Aspire's <c>--publisher manifest --output-path …</c>: writes the model as an Aspire manifest instead of
/// running it, so tools that deploy Aspire apps (azd, aspirate) deploy this one. Nothing is started.
/// </summary>
internal static class ManifestPublisher
{
    public const string Name = "manifest";

    public const string DefaultFileName = "aspire-manifest.json";

    internal static async Task PublishAsync(DistributedApplicationBuilder builder, ILogger logger, CancellationToken ct)
    {
        var publisher = builder.Configuration["Publishing:Publisher"];
        if (!string.Equals(publisher, Name, StringComparison.OrdinalIgnoreCase))
        {
            throw new DistributedApplicationException($"Unknown publisher '{publisher}'. Supported publishers: {Name}.");
        }

        var path = ResolveOutputPath(builder.Configuration["Publishing:OutputPath"], Directory.GetCurrentDirectory());
        var manifest = await ManifestWriter.WriteAsync(builder.Resources, builder.ExecutionContext, path, logger, ct).ConfigureAwait(false);

        // Written only once complete, so a model that cannot be published leaves no half manifest behind.
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, manifest, ct).ConfigureAwait(false);
        logger.LogInformation("Published manifest to {Path}", path);
    }

    /// <summary>
    /// Aspire's rule: relative to the current directory, and a path not naming a .json file is the directory
    /// that gets <c>aspire-manifest.json</c>.
    /// </summary>
    internal static string ResolveOutputPath(string? configured, string currentDirectory)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return Path.Combine(currentDirectory, DefaultFileName);
        }

        var path = Path.GetFullPath(configured, currentDirectory);
        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? path : Path.Combine(path, DefaultFileName);
    }
}
