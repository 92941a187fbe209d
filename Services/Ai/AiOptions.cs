using AiMesh.Ai.Models.Neural;

namespace AiMesh.Ai;

/// <summary>The Ai service's settings, bound from the <c>Ai</c> configuration section.</summary>
public sealed class AiOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Ai";

    /// <summary>The model that answers a request naming none (<c>Ai:DefaultModel</c>).</summary>
    public string DefaultModel { get; set; } = NeuralSentimentModel.ModelName;

    /// <summary>The longest text, in UTF-16 characters, a request may carry (<c>Ai:MaxTextLength</c>).</summary>
    public int MaxTextLength { get; set; } = 20_000;

    /// <summary>The most texts one <c>POST /api/infer/batch</c> may carry, and the largest dynamic batch (<c>Ai:MaxBatchSize</c>).</summary>
    public int MaxBatchSize { get; set; } = 128;

    /// <summary>
    /// How long concurrent single predictions wait for others to share a model run with (<c>Ai:BatchWindow</c>):
    /// a little latency for much more throughput under load.
    /// </summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// ONNX Runtime's threads per model run (<c>Ai:ModelThreads</c>). Several replicas share the machine's
    /// cores, so one each unless there are cores to spare.
    /// </summary>
    public int ModelThreads { get; set; } = 1;

    /// <summary>
    /// How many batch requests run the neural model at once in this process (<c>Ai:ModelConcurrency</c>);
    /// more wait their turn without holding a thread. One per core lets a single replica use the whole
    /// machine, and keeps a burst of batch requests from starving the thread pool that serves HTTP.
    /// </summary>
    public int ModelConcurrency { get; set; } = Environment.ProcessorCount;
}
