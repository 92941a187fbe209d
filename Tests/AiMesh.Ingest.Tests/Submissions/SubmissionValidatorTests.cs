using System.Text;
using AiMesh.Ingest.Submissions;

namespace AiMesh.Ingest.Tests.Submissions;

public sealed class SubmissionValidatorTests
{
    private const int Limit = 4000;

    [Fact]
    public void AnObjectWithATextIsValidAndTheTextIsKeptAsSent()
    {
        var result = Validate("""{"text": "  I love this \n"}""");

        Assert.True(result.IsValid);
        Assert.Equal("  I love this \n", result.Text);
    }

    [Fact]
    public void OtherPropertiesAreIgnoredAndTheNameMatchesIgnoringCase()
    {
        var result = Validate("""{"lang": "en", "Text": "hello", "tags": [1, {"text": 5}]}""");

        Assert.True(result.IsValid);
        Assert.Equal("hello", result.Text);
    }

    [Fact]
    public void AUtf8ByteOrderMarkIsSkipped()
    {
        var body = Encoding.UTF8.Preamble.ToArray().Concat(Encoding.UTF8.GetBytes("""{"text":"hi"}""")).ToArray();

        var result = SubmissionValidator.Validate(body, Limit);

        Assert.Equal("hi", result.Text);
    }

    [Theory]
    [InlineData("a", 1)]
    [InlineData("é", 2)]
    [InlineData("€", 3)]
    [InlineData("😀", 4)]
    public void TextOfExactlyTheLimitInCharactersIsValidWhateverItsUtf8Size(string character, int utf8Bytes)
    {
        var text = string.Concat(Enumerable.Repeat(character, Limit));
        Assert.Equal(Limit * utf8Bytes, Encoding.UTF8.GetByteCount(text));

        var result = Validate($$"""{"text":"{{text}}"}""");

        Assert.True(result.IsValid, result.Error?.Detail);
        Assert.Equal(text, result.Text);
    }

    [Fact]
    public void TextAtTheLimitIsValidWhenEveryCharacterIsAnEscapedSurrogatePair()
    {
        var escaped = string.Concat(Enumerable.Repeat(@"\ud83d\ude00", Limit));

        var result = Validate($$"""{"text":"{{escaped}}"}""");

        Assert.True(result.IsValid, result.Error?.Detail);
        Assert.Equal(string.Concat(Enumerable.Repeat("😀", Limit)), result.Text);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("€")]
    [InlineData("😀")]
    public void TextOneCharacterOverTheLimitIsRefusedWithTheLimitInTheMessage(string character)
    {
        var text = string.Concat(Enumerable.Repeat(character, Limit + 1));

        var result = Validate($$"""{"text":"{{text}}"}""");

        Assert.Equal(SubmissionError.TextTooLong(Limit + 1, Limit), result.Error);
        Assert.Equal(SubmissionError.TextField, result.Error!.Field);
        Assert.Contains("at most 4000 characters", result.Error.Detail, StringComparison.Ordinal);
        Assert.Contains("4001", result.Error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ALowerLimitApplies()
    {
        var result = SubmissionValidator.Validate(Encoding.UTF8.GetBytes("""{"text":"abcdef"}"""), maxTextLength: 5);

        Assert.Equal(SubmissionError.TextTooLong(6, 5), result.Error);
    }

    [Fact]
    public void TextWithANulCharacterIsRefusedBecauseItCouldNeverBeStored()
    {
        var result = Validate("""{"text": "a\u0000b"}""");

        Assert.Equal(SubmissionError.TextContainsNul(), result.Error);
        Assert.Equal(SubmissionError.TextField, result.Error!.Field);
    }

    [Fact]
    public void AnEmptyBodyIsMissing()
    {
        Assert.Equal(SubmissionError.MissingBody(), SubmissionValidator.Validate(ReadOnlyMemory<byte>.Empty, Limit).Error);
    }

    [Theory]
    [InlineData("""{"text": "a" """, 1, 14)]
    [InlineData("{\n  \"text\": oops\n}", 2, 11)]
    [InlineData("""{"text": 'single'}""", 1, 10)]
    [InlineData("   ", 1, 4)]
    [InlineData("""{"text": "a"} trailing""", 1, 15)]
    public void MalformedJsonIsRefusedSayingWhereItBroke(string body, int line, int bytePosition)
    {
        var error = Validate(body).Error;

        Assert.NotNull(error);
        Assert.Equal("Malformed JSON", error.Title);
        Assert.Null(error.Field);
        Assert.Contains($"line {line}, byte {bytePosition}:", error.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""["text"]""", "array")]
    [InlineData("\"text\"", "string")]
    [InlineData("42", "number")]
    [InlineData("true", "boolean")]
    [InlineData("null", "null")]
    public void ABodyThatIsNotAnObjectIsRefused(string body, string kind)
    {
        Assert.Equal(SubmissionError.NotAnObject(kind), Validate(body).Error);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"txt": "hello"}""")]
    [InlineData("""{"data": {"text": "nested"}}""")]
    public void AMissingTextIsAValidationErrorOnText(string body)
    {
        var error = Validate(body).Error;

        Assert.Equal(SubmissionError.TextMissing(), error);
        Assert.Equal("text", error!.Field);
    }

    [Fact]
    public void ANullTextIsAValidationErrorOnText()
    {
        Assert.Equal(SubmissionError.TextNull(), Validate("""{"text": null}""").Error);
    }

    [Theory]
    [InlineData("""{"text": 42}""", "number")]
    [InlineData("""{"text": false}""", "boolean")]
    [InlineData("""{"text": ["a"]}""", "array")]
    [InlineData("""{"text": {"value": "a"}}""", "object")]
    public void ATextThatIsNotAStringIsAValidationErrorOnText(string body, string kind)
    {
        Assert.Equal(SubmissionError.TextNotString(kind), Validate(body).Error);
    }

    [Theory]
    [InlineData("""{"text": ""}""")]
    [InlineData("""{"text": "   "}""")]
    [InlineData("""{"text": "\t\r\n"}""")]
    [InlineData("""{"text": "\u00a0\u2003\u3000"}""")]
    public void AnEmptyOrWhitespaceTextIsAValidationErrorOnText(string body)
    {
        Assert.Equal(SubmissionError.TextBlank(), Validate(body).Error);
    }

    [Theory]
    [InlineData("""{"text": "a", "text": "b"}""")]
    [InlineData("""{"text": "a", "TEXT": "b"}""")]
    public void TwoTextPropertiesAreAValidationErrorOnText(string body)
    {
        Assert.Equal(SubmissionError.TextDuplicated(), Validate(body).Error);
    }

    [Fact]
    public void AnUnpairedSurrogateEscapeIsAValidationErrorOnText()
    {
        Assert.Equal(SubmissionError.TextInvalidUnicode(), Validate("""{"text": "abc\ud800def"}""").Error);
    }

    [Fact]
    public void IllFormedUtf8IsRefused()
    {
        byte[] body = [.. "{\"text\": \"ab"u8, 0xFF, 0xFE, .. "\"}"u8];

        var error = SubmissionValidator.Validate(body, Limit).Error;

        Assert.Equal(SubmissionError.TextInvalidUnicode(), error);
    }

    [Theory]
    [InlineData("abc", 3)]
    [InlineData("😀😀", 2)]
    [InlineData("e\u0301", 2)]
    public void CharactersAreUnicodeScalarValues(string text, int expected)
    {
        Assert.Equal(expected, SubmissionValidator.CountCharacters(text));
    }

    private static SubmissionResult Validate(string body) => SubmissionValidator.Validate(Encoding.UTF8.GetBytes(body), Limit);
}
