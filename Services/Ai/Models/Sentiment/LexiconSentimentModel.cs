using System.Buffers;

namespace AiMesh.Ai.Models.Sentiment;

/// <summary>
/// The rule-based model, <c>sentiment-lexicon</c>: English sentiment (positive, negative or neutral) from a hand-written weighted
/// lexicon and a handful of rules (negation, intensity, contrast, emphasis), offline and deterministic.
/// Immutable after construction, so one instance answers every thread; see <see cref="SentimentScorer"/>
/// for the rules and <see cref="SentimentDecision"/> for how the score is computed.
/// </summary>
public sealed class LexiconSentimentModel : IInferenceModel
{
    /// <summary>The name requests use for this model.</summary>
    public const string ModelName = "sentiment-lexicon";

    // Texts up to this many characters are normalized on the stack; longer ones in a pooled array.
    private const int StackNormalizeLimit = 1024;

    private readonly SentimentTokenizer _tokenizer;
    private readonly SentimentScorer _scorer;

    /// <summary>Creates the model from the word lists embedded in this assembly.</summary>
    public LexiconSentimentModel()
        : this(SentimentLexicon.LoadEmbedded())
    {
    }

    internal LexiconSentimentModel(SentimentLexicon lexicon)
    {
        ArgumentNullException.ThrowIfNull(lexicon);

        Lexicon = lexicon;
        _tokenizer = new SentimentTokenizer(lexicon.Symbols);
        _scorer = new SentimentScorer(lexicon);
    }

    /// <inheritdoc/>
    public string Name => ModelName;

    /// <inheritdoc/>
    public string Description =>
        "Sentiment (positive, negative or neutral) from a hand-written lexicon with negation, intensifiers, contrast and emphasis; rule-based, precise when it speaks, often neutral.";

    /// <inheritdoc/>
    public IReadOnlyList<string> Labels { get; } = [SentimentLabels.Negative, SentimentLabels.Neutral, SentimentLabels.Positive];

    internal SentimentLexicon Lexicon { get; }

    /// <inheritdoc/>
    public ValueTask<ModelPrediction> PredictAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        cancellationToken.ThrowIfCancellationRequested();

        return ValueTask.FromResult(Predict(text));
    }

    /// <summary>The label of <paramref name="text"/> and the confidence in it.</summary>
    public ModelPrediction Predict(string text) => SentimentDecision.Decide(Analyze(text));

    /// <summary>The evidence the rules find in <paramref name="text"/>, before it becomes a label.</summary>
    internal SentimentEvidence Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var rented = text.Length > StackNormalizeLimit ? ArrayPool<char>.Shared.Rent(text.Length) : null;
        try
        {
            Span<char> normalized = rented ?? stackalloc char[StackNormalizeLimit];
            var tokens = new List<SentimentToken>();
            _tokenizer.Tokenize(text, normalized, tokens);
            return _scorer.Score(normalized, tokens);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
