namespace AiMesh.Ingest.Submissions;

/// <summary>
/// What a submission's <c>model</c> property asked for, before Ai's model list is consulted: a name to
/// look up, or a value that can name no model (a number, a blank string…). Absent or null <c>model</c>
/// is no <see cref="RequestedModel"/> at all.
/// </summary>
/// <remarks>
/// A value that can name no model is not refused while the body is read: its 400 lists the models that
/// can be chosen, and only Ai's list knows them (see <see cref="AiModels.ModelChooser"/>).
/// </remarks>
internal sealed record RequestedModel
{
    private RequestedModel(string? name, string? fault)
    {
        Name = name;
        Fault = fault;
    }

    /// <summary>The name as sent, untrimmed; null when <see cref="Fault"/> says why there is none.</summary>
    public string? Name { get; }

    /// <summary>Why the value names no model, to follow "The 'model' property": "is a number", "is blank"…</summary>
    public string? Fault { get; }

    public static RequestedModel Named(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new(name, null);
    }

    public static RequestedModel Unusable(string fault)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fault);
        return new(null, fault);
    }
}
