using System.Text;
using AiMesh.Contracts;
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

    [Theory]
    [InlineData("""{"Text": "hello"}""")]
    [InlineData("""{"TEXT": "hello"}""")]
    public void ThePropertyNameMatchesIgnoringCase(string body)
    {
        Assert.Equal("hello", Validate(body).Text);
    }

    [Theory]
    [InlineData("""{"text": "hello", "lang": "en"}""", "lang")]
    [InlineData("""{"txt": "hello"}""", "txt")]
    [InlineData("""{"data": {"text": "nested"}}""", "data")]
    [InlineData("""{"text": "hello", "": 1}""", "")]
    [InlineData("""{"text ": "hello"}""", "text ")]
    public void AnyOtherPropertyIsRefusedNamingItAndTheAllowedOnes(string body, string name)
    {
        var error = Validate(body).Error;

        Assert.Equal(SubmissionError.UnexpectedProperty(name), error);
        Assert.Null(error!.Field);
        Assert.Equal("Unexpected property", error.Title);
        Assert.Contains($"'{name}'", error.Detail, StringComparison.Ordinal);
        Assert.Contains("Allowed properties (matched ignoring case): 'text', 'model'.", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ALongUnexpectedNameIsQuotedOnlyInPartWithoutSplittingACharacter()
    {
        var name = new string('a', 63) + "😀" + new string('b', 1000);

        var error = Validate($$"""{"{{name}}": 1}""").Error;

        Assert.Equal("Unexpected property", error!.Title);
        Assert.Contains($"'{new string('a', 63)}…'", error.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("ab", error.Detail, StringComparison.Ordinal);
        Assert.True(error.Detail.Length < 300, error.Detail);
    }

    [Theory]
    [InlineData("""{"\ud800": "a"}""")]
    [InlineData("""{"\udc00x": "a"}""")]
    [InlineData("""{"text": "a valid text", "\ud83d": 1}""")]
    [InlineData("""{"\ud83d": 1, "text": "a valid text"}""")]
    public void APropertyNameWithAnUnpairedSurrogateEscapeIsMalformed(string body)
    {
        var error = Validate(body).Error;

        Assert.Equal(SubmissionError.UndecodablePropertyName(), error);
        Assert.Equal("Malformed JSON", error!.Title);
        Assert.Null(error.Field);
        Assert.Contains("'text'", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void APropertyNameOfIllFormedUtf8IsMalformed()
    {
        byte[] body = [.. "{\"te"u8, 0xFF, .. "xt\": \"a\"}"u8];

        Assert.Equal(SubmissionError.UndecodablePropertyName(), SubmissionValidator.Validate(body, Limit).Error);
    }

    [Fact]
    public void AValidTextBesideAnIllFormedUtf8NameIsMalformed()
    {
        byte[] body = [.. "{\"text\": \"fine\", \""u8, 0xC3, 0x28, .. "\": 1}"u8];

        Assert.Equal(SubmissionError.UndecodablePropertyName(), SubmissionValidator.Validate(body, Limit).Error);
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

        Assert.Equal(SubmissionError.TextBreaksRule(TextViolation.ContainsNul), result.Error);
        Assert.Equal(SubmissionError.TextField, result.Error!.Field);
        Assert.Equal(TextViolation.ContainsNul.Description, result.Error.Detail);
    }

    [Theory]
    [InlineData(@"poison pill \ufffe")]
    [InlineData(@"\uffff")]
    [InlineData(@"a\uFDD0b")]
    [InlineData(@"a\ufdefb")]
    [InlineData(@"U+1FFFE as a pair: \ud83f\udffe")]
    [InlineData(@"U+10FFFF as a pair: \udbff\udfff")]
    public void TextWithAnEscapedNoncharacterIsRefusedInTheRulesWords(string escapedText)
    {
        var result = Validate($$"""{"text": "{{escapedText}}"}""");

        Assert.Equal(SubmissionError.TextBreaksRule(TextViolation.Noncharacter), result.Error);
        Assert.Equal(SubmissionError.TextField, result.Error!.Field);
        Assert.Equal("Invalid text", result.Error.Title);
    }

    [Theory]
    [InlineData(0xFFFE)]
    [InlineData(0xFFFF)]
    [InlineData(0xFDD0)]
    [InlineData(0xFDEF)]
    [InlineData(0x1FFFE)]
    public void TextWithANoncharacterWrittenAsRawUtf8IsRefused(int codePoint)
    {
        // Well-formed UTF-8 for a noncharacter: the decoder accepts it, only the rule refuses it.
        var body = Encoding.UTF8.GetBytes($$"""{"text": "a{{char.ConvertFromUtf32(codePoint)}}b"}""");

        var result = SubmissionValidator.Validate(body, Limit);

        Assert.Equal(SubmissionError.TextBreaksRule(TextViolation.Noncharacter), result.Error);
    }

    [Theory]
    [InlineData(@"\ufffd")]
    [InlineData(@"\ufdcf\ufdf0")]
    [InlineData(@"\ud83d\ude00")]
    [InlineData(@"\uD83F\uDFFD")]
    public void CharactersNextToTheNoncharactersAreAccepted(string escapedText)
    {
        var result = Validate($$"""{"text": "{{escapedText}}"}""");

        Assert.True(result.IsValid, result.Error?.Detail);
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

    [Fact]
    public void AMissingTextIsAValidationErrorOnText()
    {
        var error = Validate("{}").Error;

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
        Assert.Equal(SubmissionError.TextBreaksRule(TextViolation.Blank), Validate(body).Error);
    }

    [Theory]
    [InlineData("""{"text": "a", "text": "b"}""")]
    [InlineData("""{"text": "a", "TEXT": "b"}""")]
    [InlineData("""{"Text": "a", "text": "a"}""")]
    public void TwoTextPropertiesAreAValidationErrorOnText(string body)
    {
        Assert.Equal(SubmissionError.TextDuplicated(), Validate(body).Error);
    }

    [Theory]
    [InlineData(@"abc\ud800def")]
    [InlineData(@"abc\udc00")]
    [InlineData(@"\ude00\ud83d")]
    [InlineData(@"ends with a high surrogate \ud83d")]
    public void AnUnpairedSurrogateEscapeIsAValidationErrorOnText(string escapedText)
    {
        var error = Validate($$"""{"text": "{{escapedText}}"}""").Error;

        Assert.Equal(SubmissionError.TextInvalidUnicode(), error);
        Assert.Equal(SubmissionError.TextField, error!.Field);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE })]
    [InlineData(new byte[] { 0xC0, 0x80 })]
    [InlineData(new byte[] { 0xE2, 0x82 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
    public void IllFormedUtf8IsRefused(byte[] illFormed)
    {
        // Stray, overlong, truncated, an encoded surrogate and a code point past U+10FFFF.
        byte[] body = [.. "{\"text\": \"ab"u8, .. illFormed, .. "\"}"u8];

        var error = SubmissionValidator.Validate(body, Limit).Error;

        Assert.Equal(SubmissionError.TextInvalidUnicode(), error);
    }

    [Fact]
    public void WithoutAModelNoneIsAskedFor()
    {
        var result = Validate("""{"text": "hello"}""");

        Assert.True(result.IsValid);
        Assert.Null(result.Model);
    }

    [Fact]
    public void ANullModelAsksForNone()
    {
        var result = Validate("""{"text": "hello", "model": null}""");

        Assert.True(result.IsValid);
        Assert.Null(result.Model);
    }

    [Theory]
    [InlineData("""{"text": "hello", "model": "sentiment"}""", "sentiment")]
    [InlineData("""{"MODEL": " Sentiment-Fast ", "text": "hello"}""", " Sentiment-Fast ")]
    [InlineData("""{"text": "hello", "model": "gpt-5"}""", "gpt-5")]
    public void AModelNameIsReadAsSentWhetherOrNotAiHasIt(string body, string name)
    {
        var result = Validate(body);

        Assert.True(result.IsValid, result.Error?.Detail);
        Assert.Equal("hello", result.Text);
        Assert.Equal(RequestedModel.Named(name), result.Model);
    }

    [Theory]
    [InlineData("""{"text": "hello", "model": 42}""", "must be a string; it is a number")]
    [InlineData("""{"text": "hello", "model": false}""", "must be a string; it is a boolean")]
    [InlineData("""{"text": "hello", "model": ["sentiment"]}""", "must be a string; it is an array")]
    [InlineData("""{"text": "hello", "model": {}}""", "must be a string; it is an object")]
    [InlineData("""{"text": "hello", "model": ""}""", "is blank")]
    [InlineData("""{"text": "hello", "model": " \u00a0\n"}""", "is blank")]
    [InlineData("""{"text": "hello", "model": "x\udc00"}""", "is not valid Unicode (invalid UTF-8 or an unpaired surrogate)")]
    public void AModelValueThatNamesNoModelIsKeptForTheRefusalThatListsTheChoices(string body, string fault)
    {
        // Not refused here: its 400 lists the models that can be chosen, which only Ai's list knows.
        var result = Validate(body);

        Assert.True(result.IsValid, result.Error?.Detail);
        Assert.Equal(RequestedModel.Unusable(fault), result.Model);
    }

    [Theory]
    [InlineData("""{"text": "hello", "model": "a", "model": "b"}""")]
    [InlineData("""{"model": "a", "text": "hello", "Model": null}""")]
    public void TwoModelPropertiesAreAValidationErrorOnModel(string body)
    {
        var error = Validate(body).Error;

        Assert.Equal(SubmissionError.ModelDuplicated(), error);
        Assert.Equal(SubmissionError.ModelField, error!.Field);
    }

    [Fact]
    public void ABadTextIsRefusedWhateverTheModel()
    {
        Assert.Equal(SubmissionError.TextBreaksRule(TextViolation.Blank), Validate("""{"text": " ", "model": 42}""").Error);
    }

    private static SubmissionResult Validate(string body) => SubmissionValidator.Validate(Encoding.UTF8.GetBytes(body), Limit);
}
