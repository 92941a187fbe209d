namespace AiMesh.Hosting.ApplicationModel;

public sealed class ConstantParameterDefault(string value) : ParameterDefault
{
    public override string GetDefaultValue() => value;

    public override object ToManifest() => new { value };
}
