using System.Runtime;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Tokenizers;

namespace AiMesh.Ai.Models.Neural;

/// <summary>
/// Sentence embeddings from all-MiniLM-L6-v2 run by ONNX Runtime, as sentence-transformers computes them:
/// BERT word pieces (uncased), the transformer's last hidden state averaged over the real tokens (mean
/// pooling), then scaled to unit length. Texts are embedded in padded runs; padding is masked, so a
/// text's vector does not depend on the run it is in. One session per instance, safe for
/// concurrent use.
/// </summary>
internal sealed class MiniLmEmbedder : IDisposable
{
    /// <summary>The length of every embedding.</summary>
    public const int Dimensions = 384;

    /// <summary>The longest input, in word pieces with [CLS] and [SEP], as the model was trained (longer texts are cut).</summary>
    public const int MaxTokens = 256;

    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;

    /// <param name="threads">ONNX Runtime's intra-op threads: several replicas share few cores, so 1 unless told otherwise.</param>
    public MiniLmEmbedder(int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);

        using var options = new Microsoft.ML.OnnxRuntime.SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(MiniLmFiles.ReadModel(), options);
        using var vocabulary = MiniLmFiles.OpenVocabulary();
        _tokenizer = BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true });

        // ONNX Runtime keeps its own copy of the 91 MB graph: give the managed one back now, once, rather
        // than whenever a full collection next happens, since several replicas share the machine's memory.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect();
    }

    /// <summary>
    /// The most texts one ONNX run takes. A run costs what its longest text costs for every text in it, and
    /// beyond about this many texts a larger run saves nothing more per text (eng/benchmark-models.sh).
    /// </summary>
    public const int MaxRunSize = 16;

    /// <summary>
    /// One unit-length vector of <see cref="Dimensions"/> per text, in order. The texts are run sorted by
    /// length, <see cref="MaxRunSize"/> at a time, so texts of like length share a run and little is padding.
    /// </summary>
    public float[][] Embed(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);

        var tokenized = texts.Select(Tokenize).ToArray();
        var byLength = Enumerable.Range(0, tokenized.Length).OrderBy(i => tokenized[i].Count).ToArray();
        var embeddings = new float[tokenized.Length][];
        foreach (var run in byLength.Chunk(MaxRunSize))
        {
            EmbedRun(tokenized, run, embeddings);
        }

        return embeddings;
    }

    /// <summary>Embeds the texts at <paramref name="rows"/> in one padded ONNX run, into <paramref name="embeddings"/> at the same positions.</summary>
    private void EmbedRun(IReadOnlyList<int>[] tokenized, int[] rows, float[][] embeddings)
    {
        var length = rows.Max(row => tokenized[row].Count);
        var inputIds = new DenseTensor<long>([rows.Length, length]);
        var attentionMask = new DenseTensor<long>([rows.Length, length]);
        var tokenTypes = new DenseTensor<long>([rows.Length, length]);
        for (var i = 0; i < rows.Length; i++)
        {
            var ids = tokenized[rows[i]];
            for (var column = 0; column < ids.Count; column++)
            {
                inputIds[i, column] = ids[column];
                attentionMask[i, column] = 1;
            }
        }

        using var outputs = _session.Run(
        [
            NamedOnnxValue.CreateFromTensor("input_ids", inputIds),
            NamedOnnxValue.CreateFromTensor("attention_mask", attentionMask),
            NamedOnnxValue.CreateFromTensor("token_type_ids", tokenTypes),
        ]);
        var hidden = (DenseTensor<float>)outputs.First(output => output.Name == "last_hidden_state").AsTensor<float>();
        for (var i = 0; i < rows.Length; i++)
        {
            embeddings[rows[i]] = Pool(hidden.Buffer.Span.Slice(i * length * Dimensions, length * Dimensions), tokenized[rows[i]].Count);
        }
    }

    public void Dispose() => _session.Dispose();

    private IReadOnlyList<int> Tokenize(string text)
    {
        var ids = _tokenizer.EncodeToIds(text, addSpecialTokens: true, considerPreTokenization: true, considerNormalization: true);
        if (ids.Count <= MaxTokens)
        {
            return ids;
        }

        // Cut as sentence-transformers does: the first pieces, then [SEP] again to close the sequence.
        return [.. ids.Take(MaxTokens - 1), _tokenizer.SeparatorTokenId];
    }

    /// <param name="hidden">One text's rows of the last hidden state, <see cref="Dimensions"/> floats a token, padding included.</param>
    /// <param name="tokens">How many of those rows are the text's own tokens.</param>
    private static float[] Pool(ReadOnlySpan<float> hidden, int tokens)
    {
        // Accumulated in double: the sum of up to 256 floats keeps full precision before the division.
        var sum = new double[Dimensions];
        for (var token = 0; token < tokens; token++)
        {
            var vector = hidden.Slice(token * Dimensions, Dimensions);
            for (var dimension = 0; dimension < Dimensions; dimension++)
            {
                sum[dimension] += vector[dimension];
            }
        }

        var norm = Math.Sqrt(sum.Sum(value => value * value));
        var pooled = new float[Dimensions];
        for (var dimension = 0; dimension < Dimensions; dimension++)
        {
            pooled[dimension] = (float)(sum[dimension] / Math.Max(norm, 1e-12));
        }

        return pooled;
    }
}
