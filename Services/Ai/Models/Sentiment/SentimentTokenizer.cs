using System.Collections.Frozen;
using System.Globalization;

namespace AiMesh.Ai.Models.Sentiment;

/// <summary>
/// Splits a text into words, emoticons and emoji, clause breaks and sentence ends in one pass without
/// regular expressions. It also writes a normalized copy of the text (lower case, one apostrophe and
/// one hyphen character) that the tokens index, so lookups compare spans instead of new strings.
/// Stateless after construction, so one instance serves every thread.
/// </summary>
internal sealed class SentimentTokenizer(IReadOnlyList<string> symbols)
{
    // Indexed by first character, so a comma or full stop is not tried against every emoticon.
    private readonly FrozenDictionary<char, string[]> _symbolsByFirstChar = symbols
        .GroupBy(symbol => symbol[0])
        .ToFrozenDictionary(group => group.Key, group => group.OrderByDescending(symbol => symbol.Length).ToArray());

    public void Tokenize(ReadOnlySpan<char> text, Span<char> normalized, List<SentimentToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (normalized.Length < text.Length)
        {
            throw new ArgumentException("The normalized buffer must be at least as long as the text.", nameof(normalized));
        }

        for (var i = 0; i < text.Length; i++)
        {
            normalized[i] = Normalize(text[i]);
        }

        normalized = normalized[..text.Length];
        var followsHyphen = false;
        var index = 0;
        while (index < text.Length)
        {
            var c = normalized[index];
            if (IsWordStart(c))
            {
                index = ReadWord(text, normalized, index, followsHyphen, tokens);

                // A hyphen between two words joins them ("well-made"); anywhere else it is a dash.
                followsHyphen = index + 1 < text.Length && normalized[index] == '-' && IsWordStart(normalized[index + 1]);
                if (followsHyphen)
                {
                    index++;
                }

                continue;
            }

            followsHyphen = false;
            if (c is '\n' or '\r')
            {
                EndSentence(tokens, index, 0);
                index++;
            }
            else if (char.IsWhiteSpace(c))
            {
                index++;
            }
            else if (MatchSymbol(normalized, index) is var length and > 0)
            {
                tokens.Add(new SentimentToken(TokenKind.Symbol, index, length));
                index = SkipEmojiModifiers(normalized, index + length);
            }
            else if (IsSentenceEnd(c))
            {
                var start = index;
                var exclamations = 0;
                while (index < text.Length && IsSentenceEnd(normalized[index]))
                {
                    exclamations += normalized[index] == '!' ? 1 : 0;
                    index++;
                }

                EndSentence(tokens, start, exclamations);
            }
            else if (IsClauseBreak(c))
            {
                if (tokens.Count > 0 && tokens[^1].Kind is TokenKind.Word or TokenKind.Symbol)
                {
                    tokens.Add(new SentimentToken(TokenKind.ClauseBreak, index, 1));
                }

                index++;
            }
            else
            {
                // Anything else (quotes, symbols, emoji the lexicon does not know) carries no sentiment.
                index += char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(normalized[index + 1]) ? 2 : 1;
            }
        }
    }

    private static int ReadWord(ReadOnlySpan<char> text, ReadOnlySpan<char> normalized, int start, bool followsHyphen, List<SentimentToken> tokens)
    {
        var index = start;
        var letters = 0;
        var lowercase = 0;
        while (index < text.Length)
        {
            var c = normalized[index];
            if (IsWordStart(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                if (char.IsLetter(text[index]))
                {
                    letters++;
                    lowercase += char.IsUpper(text[index]) ? 0 : 1;
                }

                index++;
            }
            else if (c == '\'' && index + 1 < text.Length && char.IsLetter(normalized[index + 1]))
            {
                index++;
            }
            else if (c is '.' or ',' && char.IsDigit(normalized[index - 1]) && index + 1 < text.Length && char.IsDigit(normalized[index + 1]))
            {
                index++;
            }
            else
            {
                break;
            }
        }

        tokens.Add(new SentimentToken(TokenKind.Word, start, index - start)
        {
            IsShouted = letters >= 2 && lowercase == 0,
            HasLowercase = lowercase > 0,
            FollowsHyphen = followsHyphen,
        });
        return index;
    }

    /// <summary>The length of the longest emoticon or emoji at <paramref name="index"/>, or 0.</summary>
    private int MatchSymbol(ReadOnlySpan<char> normalized, int index)
    {
        if (!_symbolsByFirstChar.TryGetValue(normalized[index], out var candidates))
        {
            return 0;
        }

        var rest = normalized[index..];
        foreach (var symbol in candidates)
        {
            if (!rest.StartsWith(symbol, StringComparison.Ordinal))
            {
                continue;
            }

            // ASCII emoticons must stand apart from words, or "http://" would hold a frown.
            var isAscii = char.IsAscii(symbol[0]);
            var end = index + symbol.Length;
            if (isAscii && ((index > 0 && char.IsLetterOrDigit(normalized[index - 1])) || (end < normalized.Length && char.IsLetterOrDigit(normalized[end]))))
            {
                continue;
            }

            return symbol.Length;
        }

        return 0;
    }

    /// <summary>Skips what may follow an emoji without changing it: presentation selectors and skin tones.</summary>
    private static int SkipEmojiModifiers(ReadOnlySpan<char> normalized, int index)
    {
        while (index < normalized.Length)
        {
            if (normalized[index] is '\uFE0F' or '\uFE0E')
            {
                index++;
            }
            else if (index + 1 < normalized.Length && normalized[index] == '\uD83C' && normalized[index + 1] is >= '\uDFFB' and <= '\uDFFF')
            {
                index += 2;
            }
            else
            {
                break;
            }
        }

        return index;
    }

    /// <summary>Adds a sentence end, folding it into one right before it ("Great! !" is one end with two '!').</summary>
    private static void EndSentence(List<SentimentToken> tokens, int index, int exclamations)
    {
        if (tokens.Count == 0)
        {
            return;
        }

        var last = tokens[^1];
        if (last.Kind == TokenKind.SentenceEnd)
        {
            tokens[^1] = last with { Exclamations = last.Exclamations + exclamations };
            return;
        }

        if (last.Kind == TokenKind.ClauseBreak)
        {
            tokens.RemoveAt(tokens.Count - 1);
        }

        tokens.Add(new SentimentToken(TokenKind.SentenceEnd, index, 1) { Exclamations = exclamations });
    }

    private static char Normalize(char c) => c switch
    {
        '\u2019' or '\u2018' or '\u02BC' or '`' => '\'',
        '\u2010' or '\u2011' => '-',
        _ => char.ToLowerInvariant(c),
    };

    private static bool IsWordStart(char c) => char.IsLetterOrDigit(c);

    private static bool IsSentenceEnd(char c) => c is '.' or '!' or '?' or '\u2026';

    private static bool IsClauseBreak(char c) => c is ',' or ';' or ':' or '(' or ')' or '[' or ']' or '-' or '\u2013' or '\u2014' or '/';
}
