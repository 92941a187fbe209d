namespace AiMesh.Ai.Models.Sentiment;

/// <summary>What a <see cref="SentimentToken"/> is.</summary>
internal enum TokenKind
{
    /// <summary>Letters and digits, with inner apostrophes ("isn't") and decimal points ("1.3").</summary>
    Word,

    /// <summary>An emoticon or emoji from the lexicon.</summary>
    Symbol,

    /// <summary>A comma, semicolon, colon, dash or bracket: ends a negation's reach.</summary>
    ClauseBreak,

    /// <summary>A run of '.', '!', '?' or '…', or a line break.</summary>
    SentenceEnd,
}
