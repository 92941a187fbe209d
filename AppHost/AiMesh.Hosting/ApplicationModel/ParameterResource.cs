namespace AiMesh.Hosting.ApplicationModel;

/// <summary>
/// A value supplied from outside the model: configuration <c>Parameters:{name}</c>, else its default.
/// Secret parameters are masked wherever the AppHost shows them.
/// </summary>
public sealed class ParameterResource(string name, ParameterDefault? defaultValue, bool secret)
    : Resource(name), IValueProvider, IManifestExpressionProvider
{
    private string? _value;

    public bool Secret { get; } = secret;

    public ParameterDefault? Default { get; } = defaultValue;

    /// <summary>Set by the AppHost at start, before any process receives it.</summary>
    public string Value
    {
        get => _value ?? throw new MissingParameterValueException(
            $"The parameter '{Name}' has no value yet: values are resolved when the application starts.");
        internal set => _value = value;
    }

    public bool HasValue => _value is not null;

    public string ValueExpression => $"{{{Name}.value}}";

    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<string?>(Value);
}
