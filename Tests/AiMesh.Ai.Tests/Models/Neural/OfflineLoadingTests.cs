using System.Collections.Concurrent;
using System.Diagnostics;
using AiMesh.Ai.Models.Neural;
using Microsoft.Extensions.Options;

namespace AiMesh.Ai.Tests.Models.Neural;

/// <summary>
/// The Ai service, as its own process, in a network namespace of its own (only a loopback, no route
/// anywhere): its models load and answer, so nothing they need comes from the network.
/// </summary>
public sealed class OfflineLoadingTests
{
    private static readonly TimeSpan s_loadTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_service_loads_its_models_with_no_network_at_all()
    {
        await using var reference = new NeuralSentimentModel(Options.Create(new AiOptions()));
        var output = new ConcurrentQueue<string>();
        var start = new ProcessStartInfo("unshare")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["--map-root-user", "--net", "--", "sh", "-c", "ip link set lo up && exec dotnet AiMesh.Ai.dll"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:5000";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        using var ai = Process.Start(start)!;
        ai.OutputDataReceived += (_, line) => output.Enqueue(line.Data ?? "");
        ai.ErrorDataReceived += (_, line) => output.Enqueue(line.Data ?? "");
        ai.BeginOutputReadLine();
        ai.BeginErrorReadLine();
        try
        {
            var loaded = $"Model {NeuralSentimentModel.ModelName} {reference.Version} loaded";
            await AsyncTestHelpers.WaitUntilAsync(() => ai.HasExited || output.Any(line => line.Contains(loaded, StringComparison.Ordinal)), s_loadTimeout);

            Assert.False(ai.HasExited, $"The Ai service exited:\n{string.Join('\n', output)}");
            Assert.Contains(output, line => line.Contains(loaded, StringComparison.Ordinal));
            Assert.DoesNotContain(output, line => line.Contains("could not be loaded", StringComparison.Ordinal));
        }
        finally
        {
            ai.Kill(entireProcessTree: true);
            await ai.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }
}
