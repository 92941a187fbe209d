using AiMesh.Ai.Models.Sentiment;

namespace AiMesh.Ai.Tests.Models.Sentiment;

public sealed class LexiconTests
{
    private const string NoModifiers = "# none\n";

    [Fact]
    public void TheEmbeddedLexiconHasSeveralHundredEntriesAndEmoticons()
    {
        var lexicon = SentimentLexicon.LoadEmbedded();

        Assert.InRange(lexicon.ValenceCount, 300, 5000);
        Assert.Contains(":)", lexicon.Symbols);
        Assert.Contains("😀", lexicon.Symbols);
        Assert.True(lexicon.TryGetValence("terrible", out var terrible) && terrible < -2);
        Assert.True(lexicon.TryGetValence("excellent", out var excellent) && excellent > 2);
        Assert.True(lexicon.TryGetModifier("very", out var very) && very > 1);
        Assert.True(lexicon.TryGetModifier("slightly", out var slightly) && slightly < 1);
        Assert.True(lexicon.TryGetModifier("kind-of", out _));
    }

    [Fact]
    public void EmbeddedWeightsStayOnTheDocumentedScale()
    {
        foreach (var (name, weight) in ReadEmbedded("sentiment-lexicon.tsv"))
        {
            Assert.True(weight is >= -4 and <= 4 and not 0, $"'{name}' has weight {weight}, outside [-4, 4] or zero.");
        }

        foreach (var (name, multiplier) in ReadEmbedded("sentiment-modifiers.tsv"))
        {
            Assert.True(multiplier is > 0 and <= 2 and not 1, $"Modifier '{name}' has multiplier {multiplier}.");
        }
    }

    [Fact]
    public void CommentsAndBlankLinesAreSkippedAndPhrasesAreNormalized()
    {
        var lexicon = SentimentLexicon.Parse(
            new StringReader("# header\n\ngood\t2\nTop Notch\t3\n:-)\t1.5\n"),
            new StringReader("kind of\t0.7\n"));

        Assert.Equal(3, lexicon.ValenceCount);
        Assert.True(lexicon.TryGetValence("top-notch", out var topNotch) && topNotch == 3);
        Assert.True(lexicon.TryGetValence(":-)", out _));
        Assert.True(lexicon.TryGetModifier("kind-of", out _));
        Assert.Equal(2, lexicon.LongestPhrase);
        Assert.Equal([":-)"], lexicon.Symbols);
    }

    [Theory]
    [InlineData("good 2\n", "line 1")]
    [InlineData("good\t2\nbad\tminus\n", "line 2")]
    [InlineData("good\t2\n\t1\n", "line 2")]
    [InlineData("good\t2\nGood\t3\n", "listed twice")]
    [InlineData("good\t2\t3\n", "line 1")]
    public void AMalformedLineIsReportedWithItsNumber(string valences, string expected)
    {
        var error = Assert.Throws<FormatException>(() => SentimentLexicon.Parse(new StringReader(valences), new StringReader(NoModifiers)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("sentiment-lexicon.tsv", error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<(string Name, double Weight)> ReadEmbedded(string file)
    {
        using var stream = typeof(SentimentLexicon).Assembly.GetManifestResourceStream("AiMesh.Ai.Models.Sentiment." + file);
        Assert.NotNull(stream);
        return [.. WeightedTerms.Read(new StreamReader(stream), file).Select(pair => (pair.Key, pair.Value))];
    }
}
