using AiMesh.Hosting.Orchestration;

namespace AiMesh.Hosting.Tests.Model;

public sealed class DependencyOrderTests
{
    [Fact]
    public void A_circle_of_waits_is_refused_with_its_path()
    {
        var dependencies = new Dictionary<string, string[]>
        {
            ["web"] = ["api"],
            ["api"] = ["worker"],
            ["worker"] = ["web"],
        };

        var e = Assert.Throws<DistributedApplicationException>(() => DependencyOrder.ThrowIfCyclic(dependencies));

        Assert.Equal("Resources wait for each other in a circle: web -> api -> worker -> web.", e.Message);
    }

    [Fact]
    public void A_resource_waiting_for_itself_is_a_circle()
    {
        var e = Assert.Throws<DistributedApplicationException>(() => DependencyOrder.ThrowIfCyclic(new Dictionary<string, string[]> { ["api"] = ["API"] }));

        Assert.EndsWith("api -> API.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_circle_below_an_acyclic_start_names_only_its_own_path()
    {
        var dependencies = new Dictionary<string, string[]>
        {
            ["web"] = ["api"],
            ["api"] = ["cache"],
            ["cache"] = ["api"],
        };

        var e = Assert.Throws<DistributedApplicationException>(() => DependencyOrder.ThrowIfCyclic(dependencies));

        Assert.Equal("Resources wait for each other in a circle: web -> api -> cache -> api.", e.Message);
    }

    [Fact]
    public void Shared_dependencies_are_not_a_circle()
    {
        var dependencies = new Dictionary<string, string[]>
        {
            ["web"] = ["api", "cache"],
            ["api"] = ["cache", "db"],
            ["cache"] = [],
            ["db"] = [],
            ["worker"] = ["db", "unknown"],
        };

        DependencyOrder.ThrowIfCyclic(dependencies);
    }

    [Fact]
    public void Stop_layers_stop_dependents_before_what_they_depend_on()
    {
        var dependencies = new Dictionary<string, string[]>
        {
            ["db"] = [],
            ["cache"] = [],
            ["api"] = ["db", "cache"],
            ["web"] = ["api"],
            ["worker"] = ["db"],
        };

        var layers = DependencyOrder.StopLayers(dependencies).Select(l => l.Order(StringComparer.Ordinal).ToArray()).ToArray();

        Assert.Equal(3, layers.Length);
        Assert.Equal(["web", "worker"], layers[0]);
        Assert.Equal(["api"], layers[1]);
        Assert.Equal(["cache", "db"], layers[2]);
    }

    [Fact]
    public void Independent_resources_stop_together()
    {
        var layers = DependencyOrder.StopLayers(new Dictionary<string, string[]> { ["a"] = [], ["b"] = [] });

        Assert.Equal(["a", "b"], Assert.Single(layers).Order(StringComparer.Ordinal));
    }
}
