using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AiMesh.ModelBenchmarks;

/// <summary>
/// Starts the Ai service as its own process on a free loopback port, waits until its models have loaded
/// (<c>/health</c> 200), runs a few hundred texts through each model, and reads its resident memory.
/// </summary>
internal static class AiProcessMemory
{
    public static async Task<double?> MeasureMebibytesAsync(string aiAssembly, IReadOnlyList<string> texts)
    {
        if (!File.Exists(aiAssembly))
        {
            Console.Error.WriteLine($"Not found: {aiAssembly}; the Ai process's memory is not measured.");
            return null;
        }

        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(aiAssembly);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var ai = Process.Start(start)!;
        ai.OutputDataReceived += (_, _) => { };
        ai.ErrorDataReceived += (_, _) => { };
        ai.BeginOutputReadLine();
        ai.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            await WaitHealthyAsync(http);
            foreach (var model in new[] { "sentiment", "sentiment-fast", "sentiment-lexicon" })
            {
                foreach (var batch in texts.Take(256).Chunk(32))
                {
                    var body = System.Text.Json.JsonSerializer.Serialize(new { texts = batch, model });
                    using var response = await http.PostAsync("/api/infer/batch", new StringContent(body, Encoding.UTF8, "application/json"));
                    response.EnsureSuccessStatusCode();
                }
            }

            return ResidentMebibytes(ai.Id);
        }
        finally
        {
            ai.Kill(entireProcessTree: true);
            await ai.WaitForExitAsync();
        }
    }

    private static async Task WaitHealthyAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var health = await http.GetAsync("/health");
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The Ai process did not become healthy within 2 minutes.");
    }

    private static double ResidentMebibytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kibibytes = double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return kibibytes / 1024;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
