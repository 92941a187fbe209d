using System.Collections.Concurrent;

namespace AiMesh.DevBroker.Forwarding;

/// <summary>
/// The names of the cluster's topics by their ids (KIP-516), as the mock's Metadata responses give
/// them. Produce requests name their topics and Fetch requests from v13 on give ids, so this is what
/// ties a fetch to the produces that concern it. One map serves every broker: ids are the cluster's.
/// </summary>
internal sealed class TopicNames
{
    private readonly ConcurrentDictionary<Guid, string> _names = new();

    public void Learn(Guid id, string name) => _names[id] = name;

    public bool TryGetName(Guid id, out string name) => _names.TryGetValue(id, out name!);
}
