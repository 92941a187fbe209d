using AiMesh.Hosting.Orchestration;

namespace AiMesh.Hosting.Tests.Model;

public sealed class InstanceIdsTests
{
    [Fact]
    public void Instance_ids_are_eight_lowercase_letters_or_digits()
    {
        for (var i = 0; i < 200; i++)
        {
            Assert.Matches("^[a-z0-9]{8}$", InstanceIds.Create());
        }
    }

    [Fact]
    public void Instance_ids_are_distinct()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => InstanceIds.Create()).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }
}
