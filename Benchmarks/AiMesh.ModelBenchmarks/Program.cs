using System.Globalization;
using AiMesh.Ai;
using AiMesh.Ai.Models;
using AiMesh.Ai.Models.Fast;
using AiMesh.Ai.Models.Neural;
using AiMesh.Ai.Models.Sentiment;
using AiMesh.Ai.Models.Training;
using AiMesh.ModelBenchmarks;
using Microsoft.Extensions.Options;

// dotnet run -c Release --project Benchmarks/AiMesh.ModelBenchmarks -- [repository root]
// For each model: sentences a second one at a time and in batches of 8, 32 and 128, CPU milliseconds a
// sentence, accuracy on the held-out set; then one Ai process's resident memory with every model loaded.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var root = Path.GetFullPath(args.Length > 0 ? args[0] : ".");
var heldOut = SentimentDataSet.Load(Path.Combine(root, "Training", "Data", "sentiment-heldout.tsv"));
var texts = heldOut.Sentences.Select(sentence => sentence.Text).ToList();

// One thread, as each replica runs it: the figures are per core.
await using var neural = new NeuralSentimentModel(Options.Create(new AiOptions { ModelThreads = 1 }));
await neural.LoadAsync(CancellationToken.None);
IInferenceModel[] models = [neural, new FastSentimentModel(), new LexiconSentimentModel()];
int[] batchSizes = [1, 8, 32, 128];

Console.WriteLine($"{heldOut.Sentences.Count} held-out sentences ({heldOut.Name}), one thread, {Environment.ProcessorCount} cores.");
Console.WriteLine();
Console.WriteLine("| model | version | batch 1 /s | batch 8 /s | batch 32 /s | batch 128 /s | CPU ms/sentence (1 / 32) | accuracy | recall neg / neu / pos |");
Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
List<(string Name, double Value)> figures = [];
foreach (var model in models)
{
    // Warm up: JIT, ONNX Runtime's first allocations.
    await model.PredictBatchAsync([.. texts.Take(64)], CancellationToken.None);
    var runs = new List<ModelRun>();
    foreach (var size in batchSizes)
    {
        runs.Add(await ModelRun.MeasureAsync(model, texts, size));
    }

    var predictions = new List<ModelPrediction>();
    foreach (var chunk in texts.Chunk(32))
    {
        predictions.AddRange(await model.PredictBatchAsync(chunk, CancellationToken.None));
    }

    var evaluation = Evaluator.Evaluate(heldOut, predictions);
    var recall = string.Join(" / ", SentimentLabelSet.Labels.Select(label => $"{evaluation.Recall[label]:P1}"));
    Console.WriteLine($"| {model.Name} | {model.Version} | {string.Join(" | ", runs.Select(run => $"{run.SentencesPerSecond:N0}"))} | {runs[0].CpuMillisecondsPerSentence:0.000} / {runs[2].CpuMillisecondsPerSentence:0.000} | {evaluation.Accuracy:P1} | {recall} |");

    var key = model.Name.Replace('-', '_');
    figures.AddRange(runs.Select(run => ($"{key}_batch{run.BatchSize}_per_s", run.SentencesPerSecond)));
    figures.Add(($"{key}_cpu_ms_per_sentence_batch32", runs[2].CpuMillisecondsPerSentence));
    figures.Add(($"{key}_heldout_accuracy", evaluation.Accuracy));
}

var aiAssembly = Path.Combine(AppContext.BaseDirectory, "AiMesh.Ai.dll");
var memory = await AiProcessMemory.MeasureMebibytesAsync(aiAssembly, texts);
Console.WriteLine();
if (memory is { } mebibytes)
{
    Console.WriteLine($"One Ai process with every model loaded, after serving each: {mebibytes:N0} MiB resident.");
    figures.Add(("ai_process_rss_mib", mebibytes));
}

Console.WriteLine();
foreach (var (name, value) in figures)
{
    Console.WriteLine($"{name}: {value:0.####}");
}
