using System.Security.Cryptography;

namespace AiMesh.Hosting.ApplicationModel;

/// <summary>A random value (a password), generated once and persisted outside the repository.</summary>
public sealed class GenerateParameterDefault : ParameterDefault
{
    private const string LowerChars = "abcdefghijklmnopqrstuvwxyz";
    private const string UpperChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string NumericChars = "0123456789";
    // No quote, semicolon, comma, '=' or '@': the value must survive connection strings and URIs unescaped.
    private const string SpecialChars = "-_.~!*()+";

    public int MinLength { get; init; } = 22;

    public bool Lower { get; init; } = true;

    public bool Upper { get; init; } = true;

    public bool Numeric { get; init; } = true;

    public bool Special { get; init; } = true;

    public int MinLower { get; init; }

    public int MinUpper { get; init; }

    public int MinNumeric { get; init; }

    public int MinSpecial { get; init; }

    public override bool Persist => true;

    public override string GetDefaultValue()
    {
        var pools = new List<(string Chars, int Min)>();
        if (Lower) { pools.Add((LowerChars, MinLower)); }
        if (Upper) { pools.Add((UpperChars, MinUpper)); }
        if (Numeric) { pools.Add((NumericChars, MinNumeric)); }
        if (Special) { pools.Add((SpecialChars, MinSpecial)); }
        if (pools.Count == 0)
        {
            throw new InvalidOperationException("A generated parameter needs at least one character class.");
        }

        var chars = new List<char>();
        foreach (var (pool, min) in pools)
        {
            for (var i = 0; i < min; i++)
            {
                chars.Add(pool[RandomNumberGenerator.GetInt32(pool.Length)]);
            }
        }

        var all = string.Concat(pools.Select(p => p.Chars));
        while (chars.Count < MinLength)
        {
            chars.Add(all[RandomNumberGenerator.GetInt32(all.Length)]);
        }

        var shuffled = chars.ToArray();
        RandomNumberGenerator.Shuffle(shuffled.AsSpan());
        return new string(shuffled);
    }

    public override object ToManifest()
    {
        var generate = new Dictionary<string, object> { ["minLength"] = MinLength };
        if (!Lower) { generate["lower"] = false; }
        if (!Upper) { generate["upper"] = false; }
        if (!Numeric) { generate["numeric"] = false; }
        if (!Special) { generate["special"] = false; }
        if (MinLower > 0) { generate["minLower"] = MinLower; }
        if (MinUpper > 0) { generate["minUpper"] = MinUpper; }
        if (MinNumeric > 0) { generate["minNumeric"] = MinNumeric; }
        if (MinSpecial > 0) { generate["minSpecial"] = MinSpecial; }
        return new { generate };
    }
}
