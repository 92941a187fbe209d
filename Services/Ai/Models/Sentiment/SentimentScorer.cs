namespace AiMesh.Ai.Models.Sentiment;

/// <summary>
/// Walks the tokens of a text once and weighs every sentiment word and symbol by the rules around it:
/// <list type="bullet">
/// <item>Phrases first: the longest lexicon or modifier entry that starts here wins ("kind of", "top-notch").</item>
/// <item>Modifiers scale the next sentiment word within <see cref="ModifierReach"/> words ("very good", "slightly late").</item>
/// <item>A negator flips the sentiment words within <see cref="NegationReach"/> words, up to the next clause
/// break, and dampens them: "not good" is bad but less so than "bad", "not bad" is only mildly good.</item>
/// <item>A contrast ("but", "however") halves what came before it in the sentence (or the previous sentence,
/// when it opens one) and boosts what follows; a concession ("although", "despite") weighs its own clause
/// down to a third, the same 1:3 ratio as the two sides of a contrast.</item>
/// <item>A word in capitals, or a stretched one ("sooo"), counts more; so does a sentence ending in '!'.</item>
/// </list>
/// The scorer keeps no state between calls: each call has its own <see cref="Walk"/>.
/// </summary>
internal sealed class SentimentScorer(SentimentLexicon lexicon)
{
    /// <summary>How many words after a negator it still reaches ("not at all that good").</summary>
    public const int NegationReach = 4;

    /// <summary>How many words after a modifier its target may come ("very, very good" counts both).</summary>
    public const int ModifierReach = 2;

    public const double NegatedPositiveFactor = 0.75;
    public const double NegatedNegativeFactor = 0.6;
    public const double ShoutedWordFactor = 1.3;
    public const double ShoutedTextFactor = 1.15;
    public const double StretchedWordFactor = 1.2;
    public const double ExclamationStep = 0.15;
    public const int MaxExclamations = 3;
    public const double BeforeContrastFactor = 0.5;
    public const double AfterContrastFactor = 1.5;
    public const double ConcededFactor = BeforeContrastFactor / AfterContrastFactor;

    // Phrases and stretched words are assembled here; anything longer is no entry of the lexicon anyway.
    private const int ScratchLength = 64;

    public SentimentEvidence Score(ReadOnlySpan<char> normalized, IReadOnlyList<SentimentToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);

        var walk = new Walk(IsWrittenInCapitals(tokens));
        Span<char> scratch = stackalloc char[ScratchLength];
        for (var index = 0; index < tokens.Count; index++)
        {
            var token = tokens[index];
            switch (token.Kind)
            {
                case TokenKind.SentenceEnd:
                    walk.EndSentence(token.Exclamations);
                    break;
                case TokenKind.ClauseBreak:
                    walk.EndClause();
                    break;
                case TokenKind.Symbol:
                    if (lexicon.TryGetValence(normalized.Slice(token.Start, token.Length), out var valence))
                    {
                        walk.AddSymbol(valence);
                    }

                    break;
                default:
                    index = ScoreWord(normalized, tokens, index, walk, scratch);
                    break;
            }
        }

        walk.EndSentence(0);
        return walk.Evidence;
    }

    /// <summary>Scores the word at <paramref name="index"/> and returns the index of the last token it used.</summary>
    private int ScoreWord(ReadOnlySpan<char> normalized, IReadOnlyList<SentimentToken> tokens, int index, Walk walk, Span<char> scratch)
    {
        var token = tokens[index];
        var word = normalized.Slice(token.Start, token.Length);
        var next = index + 1 < tokens.Count && tokens[index + 1].Kind == TokenKind.Word
            ? normalized.Slice(tokens[index + 1].Start, tokens[index + 1].Length)
            : [];

        if (FunctionWords.IsFalseNegationOrContrast(word, next))
        {
            walk.PassWord();
            walk.PassWord();
            return index + 1;
        }

        var longest = lexicon.StartsPhrase(word) ? Math.Min(lexicon.LongestPhrase, tokens.Count - index) : 1;
        for (var words = longest; words >= 2; words--)
        {
            var length = JoinWords(normalized, tokens, index, words, scratch);
            if (length <= 0)
            {
                continue;
            }

            var phrase = scratch[..length];
            var shouted = AnyShouted(tokens, index, words);
            if (lexicon.TryGetModifier(phrase, out var phraseMultiplier))
            {
                walk.SetModifier(phraseMultiplier, shouted);
                return index + words - 1;
            }

            if (lexicon.TryGetValence(phrase, out var phraseValence))
            {
                walk.AddWord(phraseValence, shouted, stretched: false);
                return index + words - 1;
            }
        }

        var role = FunctionWords.RoleOf(word);
        if (role == WordRole.Negator)
        {
            walk.StartNegation();
        }
        else if (role == WordRole.Contrast)
        {
            walk.Contrast();
        }
        else if (role == WordRole.Concession)
        {
            walk.Concede();
        }
        else if (Lookup(word, scratch) is { Found: true } entry)
        {
            // A word that can be both ("pretty") modifies only when a sentiment word follows it.
            if (entry.Multiplier is { } multiplier && (entry.Valence is null || CarriesSentiment(next)))
            {
                walk.SetModifier(entry.Stretched ? multiplier * StretchedWordFactor : multiplier, token.IsShouted);
            }
            else if (entry.Valence is { } valence)
            {
                walk.AddWord(valence, token.IsShouted, entry.Stretched);
            }
        }
        else
        {
            walk.PassWord();
        }

        return index;
    }

    /// <summary>Looks a word up as written, then with stretched letters squeezed ("gooood" → "good", "sooo" → "so").</summary>
    private LexiconEntry Lookup(ReadOnlySpan<char> word, Span<char> scratch)
    {
        var entry = LookupExact(word, stretched: false);
        if (entry.Found || word.Length > scratch.Length || !HasStretchedLetters(word))
        {
            return entry;
        }

        for (var keep = 2; keep >= 1; keep--)
        {
            var squeezed = Squeeze(word, keep, scratch);
            entry = LookupExact(scratch[..squeezed], stretched: true);
            if (entry.Found)
            {
                return entry;
            }
        }

        return entry;
    }

    private LexiconEntry LookupExact(ReadOnlySpan<char> term, bool stretched) => new(
        lexicon.TryGetValence(term, out var valence) ? valence : null,
        lexicon.TryGetModifier(term, out var multiplier) ? multiplier : null,
        stretched);

    private bool CarriesSentiment(ReadOnlySpan<char> word) =>
        !word.IsEmpty && (lexicon.TryGetValence(word, out _) || lexicon.TryGetModifier(word, out _));

    /// <summary>Writes words <paramref name="index"/>.. joined by '-' into <paramref name="scratch"/>; 0 when they are not all words or do not fit.</summary>
    private static int JoinWords(ReadOnlySpan<char> normalized, IReadOnlyList<SentimentToken> tokens, int index, int words, Span<char> scratch)
    {
        var length = 0;
        for (var i = index; i < index + words; i++)
        {
            var token = tokens[i];
            var separator = i > index ? 1 : 0;
            if (token.Kind != TokenKind.Word || length + separator + token.Length > scratch.Length)
            {
                return 0;
            }

            if (separator == 1)
            {
                scratch[length++] = '-';
            }

            normalized.Slice(token.Start, token.Length).CopyTo(scratch[length..]);
            length += token.Length;
        }

        return length;
    }

    private static bool AnyShouted(IReadOnlyList<SentimentToken> tokens, int index, int words)
    {
        for (var i = index; i < index + words; i++)
        {
            if (tokens[i].IsShouted)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Three or more of the same letter in a row: no English word has that, a stretched one does.</summary>
    private static bool HasStretchedLetters(ReadOnlySpan<char> word)
    {
        for (var i = 2; i < word.Length; i++)
        {
            if (char.IsLetter(word[i]) && word[i] == word[i - 1] && word[i] == word[i - 2])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Copies <paramref name="word"/> keeping at most <paramref name="keep"/> of any repeated letter.</summary>
    private static int Squeeze(ReadOnlySpan<char> word, int keep, Span<char> scratch)
    {
        var length = 0;
        var run = 0;
        for (var i = 0; i < word.Length; i++)
        {
            run = i > 0 && word[i] == word[i - 1] ? run + 1 : 1;
            if (run <= keep)
            {
                scratch[length++] = word[i];
            }
        }

        return length;
    }

    /// <summary>A text with capitals and no lower-case letters is written in capitals throughout, not shouting one word.</summary>
    private static bool IsWrittenInCapitals(IReadOnlyList<SentimentToken> tokens)
    {
        var shouted = false;
        foreach (var token in tokens)
        {
            if (token.HasLowercase)
            {
                return false;
            }

            shouted |= token.IsShouted;
        }

        return shouted;
    }

    private readonly record struct LexiconEntry(double? Valence, double? Multiplier, bool Stretched)
    {
        public bool Found => Valence is not null || Multiplier is not null;
    }

    /// <summary>The state of one walk over one text: the contributions so far and the rules in force.</summary>
    private sealed class Walk(bool writtenInCapitals)
    {
        private readonly List<double> _contributions = [];
        private int _sentenceStart;
        private int _previousSentenceStart;
        private int _wordsInSentence;
        private int _negationLeft;
        private double _multiplier = 1;
        private bool _modifierShouted;
        private int _modifierLeft;
        private bool _conceding;
        private double _contrastWeight = 1;

        public SentimentEvidence Evidence
        {
            get
            {
                double positive = 0, negative = 0;
                foreach (var contribution in _contributions)
                {
                    if (contribution > 0)
                    {
                        positive += contribution;
                    }
                    else
                    {
                        negative -= contribution;
                    }
                }

                return new SentimentEvidence(positive, negative);
            }
        }

        public void PassWord()
        {
            CountWord();
            if (_modifierLeft > 0 && --_modifierLeft == 0)
            {
                ResetModifier();
            }
        }

        public void StartNegation()
        {
            CountWord();
            _negationLeft = NegationReach;
        }

        public void Contrast()
        {
            var (from, to) = _wordsInSentence == 0
                ? (_previousSentenceStart, _sentenceStart)
                : (_sentenceStart, _contributions.Count);
            Scale(from, to, BeforeContrastFactor);
            EndClause();
            CountWord();
            _contrastWeight = AfterContrastFactor;
        }

        public void Concede()
        {
            EndClause();
            CountWord();
            _conceding = true;
        }

        public void SetModifier(double multiplier, bool shouted)
        {
            CountWord();
            _multiplier = _modifierLeft > 0 ? _multiplier * multiplier : multiplier;
            _modifierShouted |= shouted;
            _modifierLeft = ModifierReach;
        }

        public void AddWord(double valence, bool shouted, bool stretched)
        {
            var value = valence * _multiplier;
            if (!writtenInCapitals && (shouted || _modifierShouted))
            {
                value *= ShoutedWordFactor;
            }

            if (stretched)
            {
                value *= StretchedWordFactor;
            }

            if (_negationLeft > 0)
            {
                value = value > 0 ? -value * NegatedPositiveFactor : -value * NegatedNegativeFactor;
            }

            CountWord();
            ResetModifier();
            Add(value);
        }

        /// <summary>Emoticons and emoji stand for themselves: no negation or modifier reaches them.</summary>
        public void AddSymbol(double valence) => Add(valence);

        public void EndClause()
        {
            _negationLeft = 0;
            _conceding = false;
            ResetModifier();
        }

        public void EndSentence(int exclamations)
        {
            if (exclamations > 0)
            {
                Scale(_sentenceStart, _contributions.Count, 1 + (ExclamationStep * Math.Min(exclamations, MaxExclamations)));
            }

            EndClause();
            _previousSentenceStart = _sentenceStart;
            _sentenceStart = _contributions.Count;
            _wordsInSentence = 0;
            _contrastWeight = 1;
        }

        private void Add(double value)
        {
            value *= _contrastWeight;
            if (_conceding)
            {
                value *= ConcededFactor;
            }

            if (writtenInCapitals)
            {
                value *= ShoutedTextFactor;
            }

            _contributions.Add(value);
        }

        private void CountWord()
        {
            _wordsInSentence++;
            if (_negationLeft > 0)
            {
                _negationLeft--;
            }
        }

        private void ResetModifier()
        {
            _multiplier = 1;
            _modifierShouted = false;
            _modifierLeft = 0;
        }

        private void Scale(int from, int to, double factor)
        {
            for (var i = from; i < to; i++)
            {
                _contributions[i] *= factor;
            }
        }
    }
}
