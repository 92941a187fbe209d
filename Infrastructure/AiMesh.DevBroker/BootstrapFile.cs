using System.Globalization;

namespace AiMesh.DevBroker;

/// <summary>
/// The file through which a launcher learns the broker's ports. It is written whole or not at
/// all, so a launcher polling for it never reads half a list.
/// </summary>
public static class BootstrapFile
{
    /// <summary>Writes a temporary file beside <paramref name="path"/> and renames it into place.</summary>
    /// <remarks>The temporary file is in the same directory because rename is atomic only within one file system.</remarks>
    public static void Write(string path, string bootstrapServers)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);

        var temporary = Path.Combine(
            directory,
            $".{Path.GetFileName(fullPath)}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.tmp");
        try
        {
            File.WriteAllText(temporary, bootstrapServers);
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Removes the file on shutdown so nobody connects to ports that no longer listen, unless
    /// another broker has since written its own list there.
    /// </summary>
    public static void DeleteIfOwned(string path, string bootstrapServers)
    {
        try
        {
            if (File.ReadAllText(path) == bootstrapServers)
            {
                File.Delete(path);
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // Already gone: the launcher may clean up after itself.
        }
    }
}
