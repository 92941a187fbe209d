namespace AiMesh.Hosting.ApplicationModel;

/// <summary>A value computed from another late-bound value, e.g. the first host of a bootstrap list.</summary>
public sealed class DerivedValue(IValueProvider source, Func<string, string> derive, string valueExpression)
    : IValueProvider, IManifestExpressionProvider
{
    public string ValueExpression { get; } = valueExpression;

    public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
        await source.GetValueAsync(cancellationToken).ConfigureAwait(false) is { } value ? derive(value) : null;
}
