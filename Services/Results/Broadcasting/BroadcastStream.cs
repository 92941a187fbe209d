using System.Diagnostics;
using System.Text.Json.Serialization.Metadata;

namespace AiMesh.Results.Broadcasting;

/// <summary>
/// One WebSocket endpoint that relays <typeparamref name="TMessage"/>s to every connected client, each
/// as one JSON text frame. What differs between the streams is named here; how they are served is
/// <see cref="WebSocketBroadcaster{TMessage}"/>, the same for all.
/// </summary>
/// <param name="Name">The stream's short name: the <c>stream</c> tag of its metrics and the word its logs use.</param>
/// <param name="Path">Where clients connect, e.g. <c>/ws/results</c>.</param>
/// <param name="EndpointName">The endpoint's name in routing and OpenAPI.</param>
/// <param name="Contents">What its frames hold, in words, for its endpoint summary and its error messages.</param>
/// <param name="Json">How one message is written as a frame.</param>
/// <param name="DescribePush">Tags the push span with what identifies the message, when a push carries one message.</param>
internal sealed record BroadcastStream<TMessage>(
    string Name,
    string Path,
    string EndpointName,
    string Contents,
    JsonTypeInfo<TMessage> Json,
    Action<Activity, TMessage> DescribePush)
{
    /// <summary>The span of one push to the clients (of one message or a batch), e.g. <c>/ws/results push</c>: the last step of a text's trace.</summary>
    public string PushActivityName => $"{Path} push";
}
