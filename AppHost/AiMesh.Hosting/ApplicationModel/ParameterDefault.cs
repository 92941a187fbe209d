namespace AiMesh.Hosting.ApplicationModel;

/// <summary>Where a parameter's value comes from when configuration has none.</summary>
public abstract class ParameterDefault
{
    /// <summary>Whether a produced value is saved so the next run gets the same one.</summary>
    public virtual bool Persist => false;

    public abstract string GetDefaultValue();

    /// <summary>The manifest's <c>inputs.value.default</c> object.</summary>
    public abstract object ToManifest();
}
