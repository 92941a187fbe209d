namespace AiMesh.Hosting.Orchestration;

/// <summary>Orders resources by what they wait for: cycles are refused, stopping goes dependents-first.</summary>
internal static class DependencyOrder
{
    public static void ThrowIfCyclic(IReadOnlyDictionary<string, string[]> dependencies)
    {
        var state = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase); // false: visiting, true: done
        foreach (var name in dependencies.Keys)
        {
            Visit(name, []);
        }

        void Visit(string name, List<string> path)
        {
            if (state.TryGetValue(name, out var done))
            {
                if (!done)
                {
                    throw new DistributedApplicationException($"Resources wait for each other in a circle: {string.Join(" -> ", path.Append(name))}.");
                }

                return;
            }

            state[name] = false;
            path.Add(name);
            foreach (var dependency in dependencies.GetValueOrDefault(name) ?? [])
            {
                Visit(dependency, path);
            }

            path.RemoveAt(path.Count - 1);
            state[name] = true;
        }
    }

    /// <summary>Groups of resources that can stop together; each group only after everything that depends on it.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> StopLayers(IReadOnlyDictionary<string, string[]> dependencies)
    {
        var remaining = new HashSet<string>(dependencies.Keys, StringComparer.OrdinalIgnoreCase);
        var layers = new List<IReadOnlyList<string>>();
        while (remaining.Count > 0)
        {
            // Stoppable now: nothing still running depends on it.
            var layer = remaining.Where(name => !remaining.Any(other => (dependencies.GetValueOrDefault(other) ?? []).Contains(name, StringComparer.OrdinalIgnoreCase))).ToList();
            if (layer.Count == 0)
            {
                layer = [.. remaining];
            }

            layers.Add(layer);
            remaining.ExceptWith(layer);
        }

        return layers;
    }
}
