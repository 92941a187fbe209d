namespace AiMesh.DevBroker.Tests;

public sealed class BootstrapFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("aimesh-bootstrap-file-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Writing_creates_missing_directories_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(_directory, "nested", "bootstrap.txt");

        BootstrapFile.Write(path, "127.0.0.1:1,127.0.0.1:2");

        Assert.Equal("127.0.0.1:1,127.0.0.1:2", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Writing_replaces_a_stale_list()
    {
        var path = Path.Combine(_directory, "bootstrap.txt");
        File.WriteAllText(path, "127.0.0.1:9");

        BootstrapFile.Write(path, "127.0.0.1:10");

        Assert.Equal("127.0.0.1:10", File.ReadAllText(path));
    }

    [Fact]
    public void Deleting_removes_only_the_brokers_own_list()
    {
        var path = Path.Combine(_directory, "bootstrap.txt");
        File.WriteAllText(path, "127.0.0.1:11");

        BootstrapFile.DeleteIfOwned(path, "127.0.0.1:10");
        Assert.True(File.Exists(path));

        BootstrapFile.DeleteIfOwned(path, "127.0.0.1:11");
        Assert.False(File.Exists(path));

        BootstrapFile.DeleteIfOwned(path, "127.0.0.1:11");
    }
}
