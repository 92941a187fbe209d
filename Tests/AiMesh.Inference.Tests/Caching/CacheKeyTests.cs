using AiMesh.Inference.Caching;

namespace AiMesh.Inference.Tests.Caching;

public sealed class CacheKeyTests
{
    [Theory]
    [InlineData("  Hello \t\n  world  ", "Hello world")]
    [InlineData("Hello\u00a0\u2003world", "Hello world")]
    [InlineData("one\r\ntwo\tthree", "one two three")]
    [InlineData(" \t\n ", "")]
    public void Whitespace_is_trimmed_and_every_run_becomes_one_space(string text, string expected) =>
        Assert.Equal(expected, CacheKey.Normalize(text));

    [Fact]
    public void Texts_that_differ_only_in_whitespace_share_a_key() =>
        Assert.Equal(Key("I love  this\tproduct"), Key("  I love this product\n"));

    [Fact]
    public void Composed_and_decomposed_accents_share_a_key()
    {
        const string Composed = "caf\u00e9 cr\u00e8me";
        const string Decomposed = "cafe\u0301 cre\u0300me";

        Assert.NotEqual(Composed, Decomposed);
        Assert.Equal(Key(Composed), Key(Decomposed));
        Assert.Equal(Composed, CacheKey.Normalize(Decomposed));
    }

    [Fact]
    public void Case_is_kept_because_a_model_may_answer_differently()
    {
        Assert.Equal("GREAT!!!", CacheKey.Normalize("GREAT!!!"));
        Assert.NotEqual(Key("GREAT!!!"), Key("great!!!"));
    }

    [Fact]
    public void Another_model_gives_another_key() =>
        Assert.NotEqual(CacheKey.For("sentiment", "same text"), CacheKey.For("toxicity", "same text"));

    [Fact]
    public void Different_texts_give_different_keys() =>
        Assert.NotEqual(Key("good"), Key("bad"));

    [Fact]
    public void The_key_is_versioned_and_ends_in_the_sha256_hex_of_the_normalized_text() =>
        // sha256("hello world"), so the key stays the same across processes, replicas and releases.
        Assert.Equal(
            "aimesh:inference:v1:sentiment:b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9",
            Key(" hello   world "));

    private static string Key(string text) => CacheKey.For("sentiment", CacheKey.Normalize(text));
}
