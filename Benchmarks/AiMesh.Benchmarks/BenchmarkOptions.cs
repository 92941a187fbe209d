using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using AiMesh.AppHost.Hosting.Projects;

namespace AiMesh.Benchmarks;

/// <summary>
/// What one benchmark run does: how long each measured pass lasts, how many senders the closed loops
/// keep busy, and how the AppHost launches projects (straight from their build output, or through
/// Aspire's <c>dotnet run</c> wrapper, to compare the two).
/// </summary>
internal sealed record BenchmarkOptions(TimeSpan Duration, int Senders, bool DotnetRunLaunch = false)
{
    public const string Usage = "usage: benchmark [--duration SECONDS (20)] [--senders N (512)] [--project-launch build-output|dotnet-run]";

    /// <summary>
    /// The AppHost settings this run starts the application with. Only warnings of the AppHost and of the
    /// resources' console output reach the report (the dashboard still has everything).
    /// </summary>
    public string[] AppHostSettings =>
    [
        "Logging:LogLevel:Default=Warning",
        .. DotnetRunLaunch ? [$"{ProjectOutput.LaunchSetting}={ProjectOutput.DotnetRunLaunch}"] : Array.Empty<string>(),
    ];

    public static bool TryParse(string[] args, [NotNullWhen(true)] out BenchmarkOptions? options, [NotNullWhen(false)] out string? error)
    {
        options = new BenchmarkOptions(TimeSpan.FromSeconds(20), Senders: 512);
        error = null;
        for (var i = 0; i < args.Length && error is null; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                error = $"{args[i]} needs a value after it.";
                break;
            }

            var value = args[i + 1];
            switch (args[i])
            {
                case "--project-launch" when value is "build-output" or "dotnet-run":
                    options = options with { DotnetRunLaunch = value == "dotnet-run" };
                    break;
                case "--duration" when Positive(value) is { } seconds:
                    options = options with { Duration = TimeSpan.FromSeconds(seconds) };
                    break;
                case "--senders" when Positive(value) is { } senders:
                    options = options with { Senders = senders };
                    break;
                default:
                    error = $"Unknown option or value out of range: {args[i]} {value}.";
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

    private static int? Positive(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : null;
}
