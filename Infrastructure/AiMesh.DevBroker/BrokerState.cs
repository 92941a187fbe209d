namespace AiMesh.DevBroker;

/// <summary>
/// What the dev broker knows about one mock broker. The mock itself cannot be asked whether a
/// broker is down or slow, so the control surface records what it set.
/// </summary>
/// <param name="Id">Broker id, 1..N in the order of <c>--port</c>.</param>
/// <param name="Port">The fixed port clients use; stays the same when the dev broker restarts.</param>
/// <param name="ListenerPort">The mock's own random listener that the fixed port forwards to.</param>
/// <param name="Up">False after a broker was set down and until it is set up again.</param>
/// <param name="RttMs">Delay added to each of its responses.</param>
public sealed record BrokerState(int Id, int Port, int ListenerPort, bool Up, int RttMs);
