namespace AiMesh.Hosting.ApplicationModel;

/// <summary>
/// A value only the running resource can tell (the dev broker's bootstrap list): readers wait for it.
/// </summary>
public sealed class LateBoundValue(string valueExpression) : IValueProvider, IManifestExpressionProvider
{
    private TaskCompletionSource<string> _value = NewSource();

    public string ValueExpression { get; } = valueExpression;

    public bool IsSet => _value.Task.IsCompletedSuccessfully;

    public void Set(string value)
    {
        if (!_value.TrySetResult(value) && _value.Task.Result != value)
        {
            // A restarted resource may publish a new value; later readers see the new one.
            _value = NewSource();
            _value.SetResult(value);
        }
    }

    public void Reset()
    {
        if (_value.Task.IsCompleted)
        {
            _value = NewSource();
        }
    }

    public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
        await _value.Task.WaitAsync(cancellationToken).ConfigureAwait(false);

    private static TaskCompletionSource<string> NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
