using AiMesh.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace AiMesh.Hosting.Parameters;

/// <summary>
/// Gives every parameter its value before anything starts: configuration <c>Parameters:{name}</c>
/// (also with '-' as '_', for environment variables), else its default, generated ones persisted.
/// </summary>
internal sealed class ParameterResolver(IConfiguration configuration, SecretsStore secrets)
{
    public void Resolve(IEnumerable<ParameterResource> parameters)
    {
        var missing = new List<string>();
        foreach (var parameter in parameters.Where(p => !p.HasValue))
        {
            var value = configuration[$"Parameters:{parameter.Name}"] ?? configuration[$"Parameters:{parameter.Name.Replace('-', '_')}"];
            if (value is null && parameter.Default is { } defaultValue)
            {
                // Without user secrets the store is a file configuration does not read: ask it directly.
                value = defaultValue.Persist ? secrets.TryGet($"Parameters:{parameter.Name}") : null;
                if (value is null)
                {
                    value = defaultValue.GetDefaultValue();
                    if (defaultValue.Persist)
                    {
                        secrets.Save($"Parameters:{parameter.Name}", value);
                    }
                }
            }

            if (value is null)
            {
                missing.Add(parameter.Name);
                continue;
            }

            parameter.Value = value;
        }

        if (missing.Count > 0)
        {
            throw new MissingParameterValueException(
                $"No value for parameter(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}: set Parameters:{missing[0]} in the AppHost's configuration " +
                $"(user secrets, appsettings.json, or the environment variable Parameters__{missing[0].Replace('-', '_')}).");
        }
    }
}
