using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace AiMesh.Hosting.ApplicationModel;

/// <summary>
/// A string built from literals and late-bound values, e.g. <c>$"{endpoint.Host}:{endpoint.Port}"</c>.
/// It evaluates to the running value, and writes itself into a manifest as an expression, so one
/// definition serves both run and publish.
/// </summary>
public sealed class ReferenceExpression : IValueProvider, IManifestExpressionProvider
{
    private ReferenceExpression(string format, IReadOnlyList<IValueProvider> valueProviders)
    {
        Format = format;
        ValueProviders = valueProviders;
    }

    /// <summary>A composite format string whose holes are <see cref="ValueProviders"/>, in order.</summary>
    public string Format { get; }

    public IReadOnlyList<IValueProvider> ValueProviders { get; }

    public string ValueExpression => string.Format(
        CultureInfo.InvariantCulture,
        Format,
        ValueProviders.Select(p => (object?)(p as IManifestExpressionProvider)?.ValueExpression ?? "").ToArray());

    public static ReferenceExpression Create(in ExpressionInterpolatedStringHandler handler) => handler.ToExpression();

    public static ReferenceExpression Literal(string value) => new(Escape(value), []);

    public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default)
    {
        if (ValueProviders.Count == 0)
        {
            return string.Format(CultureInfo.InvariantCulture, Format);
        }

        var values = new object?[ValueProviders.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = await ValueProviders[i].GetValueAsync(cancellationToken).ConfigureAwait(false);
        }

        return string.Format(CultureInfo.InvariantCulture, Format, values);
    }

    public override string ToString() => ValueExpression;

    internal static string Escape(string literal) => literal.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);

    [InterpolatedStringHandler]
    public ref struct ExpressionInterpolatedStringHandler
    {
        private readonly StringBuilder _format;
        private readonly List<IValueProvider> _providers;

        public ExpressionInterpolatedStringHandler(int literalLength, int formattedCount)
        {
            _format = new StringBuilder(literalLength + (formattedCount * 4));
            _providers = new List<IValueProvider>(formattedCount);
        }

        public readonly void AppendLiteral(string value) => _format.Append(Escape(value));

        public readonly void AppendFormatted(string? value) => _format.Append(Escape(value ?? ""));

        public readonly void AppendFormatted(int value) => _format.Append(value.ToString(CultureInfo.InvariantCulture));

        public readonly void AppendFormatted(IValueProvider value)
        {
            _format.Append(CultureInfo.InvariantCulture, $"{{{_providers.Count}}}");
            _providers.Add(value);
        }

        internal readonly ReferenceExpression ToExpression() => new(_format.ToString(), _providers.ToArray());
    }
}
