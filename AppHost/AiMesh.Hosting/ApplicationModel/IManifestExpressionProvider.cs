namespace AiMesh.Hosting.ApplicationModel;

/// <summary>How a value is written in a deployment manifest, e.g. <c>{redis.bindings.tcp.port}</c>.</summary>
public interface IManifestExpressionProvider
{
    string ValueExpression { get; }
}
