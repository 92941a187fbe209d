namespace AiMesh.Hosting.ApplicationModel;

/// <summary>A late-bound handle on a resource's endpoint, for building connection strings and variables.</summary>
public sealed class EndpointReference(IResourceWithEndpoints resource, string endpointName)
{
    public IResourceWithEndpoints Resource { get; } = resource;

    public string EndpointName { get; } = endpointName;

    public EndpointAnnotation Annotation =>
        Resource.Annotations.OfType<EndpointAnnotation>().SingleOrDefault(e => e.Name == EndpointName)
        ?? throw new InvalidOperationException($"Resource '{Resource.Name}' has no endpoint named '{EndpointName}'.");

    public bool IsAllocated => Annotation.Allocated.Count > 0;

    public IValueProvider Host => new EndpointValue(this, EndpointProperty.Host);

    public IValueProvider Port => new EndpointValue(this, EndpointProperty.Port);

    public IValueProvider Url => new EndpointValue(this, EndpointProperty.Url);

    /// <summary>The first replica's allocation; throws before the AppHost allocated ports.</summary>
    public AllocatedEndpoint Allocated => IsAllocated
        ? Annotation.Allocated[0]
        : throw new InvalidOperationException($"The endpoint '{EndpointName}' of '{Resource.Name}' has no port yet: it is allocated when the application starts.");

    private enum EndpointProperty { Host, Port, Url }

    private sealed class EndpointValue(EndpointReference endpoint, EndpointProperty property) : IValueProvider, IManifestExpressionProvider
    {
        public string ValueExpression => property switch
        {
            EndpointProperty.Host => $"{{{endpoint.Resource.Name}.bindings.{endpoint.EndpointName}.host}}",
            EndpointProperty.Port => $"{{{endpoint.Resource.Name}.bindings.{endpoint.EndpointName}.port}}",
            _ => $"{{{endpoint.Resource.Name}.bindings.{endpoint.EndpointName}.url}}",
        };

        public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default)
        {
            var allocated = endpoint.Allocated;
            return ValueTask.FromResult<string?>(property switch
            {
                EndpointProperty.Host => allocated.Host,
                EndpointProperty.Port => allocated.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => allocated.Url,
            });
        }
    }
}
