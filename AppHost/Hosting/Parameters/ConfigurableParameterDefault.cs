using Aspire.Hosting.Publishing;

namespace AiMesh.AppHost.Hosting.Parameters;

/// <summary>
/// A parameter's value when configuration (<c>Parameters:{name}</c>) gives none. Aspire's
/// <c>AddParameter(name, value)</c> takes the value as final and never reads configuration, so a
/// default that a person can override goes through this instead.
/// </summary>
internal sealed class ConfigurableParameterDefault(string value) : ParameterDefault
{
    public override string GetDefaultValue() => value;

    public override void WriteToManifest(ManifestPublishingContext context) =>
        context.Writer.WriteString("value", value);
}
