using AiMesh.Ai.Models.Sentiment;

namespace AiMesh.Ai.Tests.Models.Sentiment;

public sealed class TokenizerTests
{
    private static readonly SentimentTokenizer s_tokenizer = new(Sentiment.Model.Lexicon.Symbols);

    private static (string Normalized, List<SentimentToken> Tokens) Tokenize(string text)
    {
        var normalized = new char[text.Length];
        var tokens = new List<SentimentToken>();
        s_tokenizer.Tokenize(text, normalized, tokens);
        return (new string(normalized), tokens);
    }

    private static string[] Texts(string text)
    {
        var (normalized, tokens) = Tokenize(text);
        return [.. tokens.Select(token => token.Kind switch
        {
            TokenKind.Word or TokenKind.Symbol => normalized.Substring(token.Start, token.Length),
            TokenKind.ClauseBreak => ",",
            _ => $"<end{new string('!', token.Exclamations)}>",
        })];
    }

    [Fact]
    public void WordsAreLowerCasedAndKeepTheirContractions() =>
        Assert.Equal(["it", "isn't", "what", "i'd", "call", "good", "<end>"], Texts("It ISN\u2019T what I'd call good."));

    [Fact]
    public void PunctuationSplitsClausesAndSentences() =>
        Assert.Equal(["fine", ",", "thanks", "<end!!>", "really", "<end>"], Texts("Fine, thanks!?! Really..."));

    [Fact]
    public void ALineBreakEndsASentence() =>
        Assert.Equal(["great", "food", "<end>", "slow", "service"], Texts("Great food\r\nslow service"));

    [Fact]
    public void NumbersKeepTheirDecimalPoint() =>
        Assert.Equal(["it", "weighs", "1.3", "kg", "<end>"], Texts("It weighs 1.3 kg."));

    [Fact]
    public void HyphenatedWordsAreSeparateWordsMarkedAsJoined()
    {
        var (_, tokens) = Tokenize("a well-made - sturdy box");

        Assert.Equal(["a", "well", "made", ",", "sturdy", "box"], Texts("a well-made - sturdy box"));
        Assert.True(tokens[2].FollowsHyphen);
        Assert.False(tokens[4].FollowsHyphen);
    }

    [Fact]
    public void EmoticonsAndEmojiAreSingleTokens() =>
        Assert.Equal(["nice", ":-)", "and", "😀", "but", ":(", "</3"], Texts("nice :-) and 😀️ but :( </3"));

    [Fact]
    public void WordsInCapitalsAreMarkedAsShouted()
    {
        var (_, tokens) = Tokenize("I LOVE it OK 4K");

        Assert.Equal([false, true, false, true, false], tokens.Select(token => token.IsShouted));
        Assert.Equal([false, false, true, false, false], tokens.Select(token => token.HasLowercase));
    }
}
