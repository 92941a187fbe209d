using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace AiMesh.Results.Storage.Migrations;

/// <summary>
/// One versioned schema change: an embedded <c>NNNN_name.sql</c> file of this assembly. Versions
/// are applied in ascending order, each exactly once per database.
/// </summary>
/// <param name="Version">The file's number prefix; never reuse or reorder one that has shipped.</param>
/// <param name="Name">The rest of the file name, recorded alongside the version.</param>
/// <param name="Sql">The statements, run in one transaction.</param>
internal sealed partial record Migration(int Version, string Name, string Sql)
{
    private const string ResourcePrefix = "Migrations.";

    /// <summary>Every migration shipped with the service, lowest version first.</summary>
    public static IReadOnlyList<Migration> All { get; } = Load(typeof(Migration).Assembly);

    internal static IReadOnlyList<Migration> Load(Assembly assembly)
    {
        List<Migration> migrations = [];
        foreach (var resource in assembly.GetManifestResourceNames().Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var match = FileName().Match(resource[ResourcePrefix.Length..]);
            if (!match.Success)
            {
                throw new InvalidOperationException($"The migration '{resource}' is not named NNNN_name.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                reader.ReadToEnd()));
        }

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two migrations share version {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.Name))}.");
        }

        return [.. migrations.OrderBy(m => m.Version)];
    }

    [GeneratedRegex(@"^(?<version>[0-9]+)_(?<name>[A-Za-z0-9_]+)\.sql$")]
    private static partial Regex FileName();
}
