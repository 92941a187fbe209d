using System.Runtime;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Tokenizers;

namespace AiMesh.Ai.Models.Neural;

/// <summary>
/// Sentence embeddings from all-MiniLM-L6-v2 run by ONNX Runtime, as sentence-transformers computes them:
/// BERT word pieces (uncased), the transformer's last hidden state averaged over the real tokens (mean
/// pooling), then scaled to unit length. Texts are embedded as one padded batch; padding is masked, so
/// a text's vector does not depend on the batch it is in. One session per instance, safe for
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
        // than whenever a full collection next happens, since four replicas share the machine's memory.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect();
    }

    /// <summary>One unit-length vector of <see cref="Dimensions"/> per text, in order.</summary>
    public float[][] Embed(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
        {
            return [];
        }

        var tokenized = texts.Select(Tokenize).ToList();
        var length = tokenized.Max(ids => ids.Count);
        var batch = tokenized.Count;
        var inputIds = new DenseTensor<long>([batch, length]);
        var attentionMask = new DenseTensor<long>([batch, length]);
        var tokenTypes = new DenseTensor<long>([batch, length]);
        for (var row = 0; row < batch; row++)
        {
            for (var column = 0; column < tokenized[row].Count; column++)
            {
                inputIds[row, column] = tokenized[row][column];
                attentionMask[row, column] = 1;
            }
        }

        using var outputs = _session.Run(
        [
            NamedOnnxValue.CreateFromTensor("input_ids", inputIds),
            NamedOnnxValue.CreateFromTensor("attention_mask", attentionMask),
            NamedOnnxValue.CreateFromTensor("token_type_ids", tokenTypes),
        ]);
        var hidden = outputs.First(output => output.Name == "last_hidden_state").AsTensor<float>();

        var embeddings = new float[batch][];
        for (var row = 0; row < batch; row++)
        {
            embeddings[row] = Pool(hidden, row, tokenized[row].Count);
        }

        return embeddings;
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

    private static float[] Pool(Tensor<float> hidden, int row, int tokens)
    {
        // Accumulated in double: the sum of up to 256 floats keeps full precision before the division.
        var sum = new double[Dimensions];
        for (var token = 0; token < tokens; token++)
        {
            for (var dimension = 0; dimension < Dimensions; dimension++)
            {
                sum[dimension] += hidden[row, token, dimension];
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
