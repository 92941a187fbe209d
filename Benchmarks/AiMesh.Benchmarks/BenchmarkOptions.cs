using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using AiMesh.AppHost.Hosting.Projects;

namespace AiMesh.Benchmarks;

/// <summary>
/// What one benchmark run does: how many texts per pass, how many senders, how many warm-up texts,
/// and how the AppHost launches projects (straight from their build output, or through Aspire's
/// <c>dotnet run</c> wrapper, to compare the two).
/// </summary>
internal sealed record BenchmarkOptions(int Texts, int Concurrency, int Warmup, bool DotnetRunLaunch = false)
{
    public const string Usage = "usage: benchmark [--texts N (2000)] [--concurrency C (32)] [--warmup N (100)] [--project-launch build-output|dotnet-run]";

    /// <summary>
    /// The AppHost settings this run starts the model with. Only warnings of the AppHost and of the
    /// resources' console output reach the report (the dashboard still has everything).
    /// </summary>
    public string[] AppHostSettings =>
    [
        "Logging:LogLevel:Default=Warning",
        .. DotnetRunLaunch ? [$"{ProjectOutput.LaunchSetting}={ProjectOutput.DotnetRunLaunch}"] : Array.Empty<string>(),
    ];

    public static bool TryParse(string[] args, [NotNullWhen(true)] out BenchmarkOptions? options, [NotNullWhen(false)] out string? error)
    {
        options = new BenchmarkOptions(Texts: 2000, Concurrency: 32, Warmup: 100);
        error = null;
        for (var i = 0; i < args.Length; i += 2)
        {
            if (args[i] == "--project-launch" && i + 1 < args.Length && args[i + 1] is "build-output" or "dotnet-run")
            {
                options = options with { DotnetRunLaunch = args[i + 1] == "dotnet-run" };
                continue;
            }

            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                error = $"{args[i]} needs a whole number after it.";
                break;
            }

            switch (args[i])
            {
                case "--texts" when value > 0:
                    options = options with { Texts = value };
                    break;
                case "--concurrency" when value > 0:
                    options = options with { Concurrency = value };
                    break;
                // Zero warm-up texts is allowed: it shows what a first request costs.
                case "--warmup":
                    options = options with { Warmup = value };
                    break;
                default:
                    error = $"Unknown option or value out of range: {args[i]} {args[i + 1]}.";
                    break;
            }

            if (error is not null)
            {
                break;
            }
        }

        if (error is not null)
        {
            options = null;
            return false;
        }

        return true;
    }
}
