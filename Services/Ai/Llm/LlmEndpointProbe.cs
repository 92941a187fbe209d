using System.Globalization;
using Microsoft.Extensions.Options;

namespace AiMesh.Ai.Llm;

/// <summary>
/// Asks the LLM endpoint, while there is a key, whether it answers at all (<c>GET {Endpoint}models</c>,
/// every <see cref="LlmOptions.ProbeInterval"/>), so <c>GET /api/models</c> and Ingest can tell that
/// the LLM models cannot answer before a text is sent. Any HTTP answer counts: only an endpoint that
/// cannot be reached, or does not answer in time, makes the models unavailable. An answer the models
/// get from it meanwhile says the same sooner.
/// </summary>
internal sealed partial class LlmEndpointProbe(
    IOptions<LlmOptions> options,
    LlmChatClients clients,
    TimeProvider timeProvider,
    ILogger<LlmEndpointProbe> logger) : BackgroundService
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    private volatile string? _notAnswering;

    /// <summary>Why the endpoint is taken as not answering, or null while it answers (or was not asked yet).</summary>
    public string? NotAnswering => _notAnswering;

    /// <summary>A provider call got an answer: the endpoint answers, whatever the last probe said.</summary>
    public void Answered() => _notAnswering = null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!clients.HasKey)
        {
            return;
        }

        var llm = options.Value;
        var models = new Uri(llm.Endpoint, "models");
        using var http = new HttpClient { Timeout = s_timeout };
        using var timer = new PeriodicTimer(llm.ProbeInterval, timeProvider);
        do
        {
            try
            {
                using var response = await http.GetAsync(models, HttpCompletionOption.ResponseHeadersRead, stoppingToken);
                if (_notAnswering is not null)
                {
                    LogAnsweringAgain(logger, llm.Endpoint.Host);
                }

                _notAnswering = null;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                var reason = exception is TaskCanceledException ? $"no answer within {s_timeout.TotalSeconds:0} s" : exception.Message;
                _notAnswering = string.Create(CultureInfo.InvariantCulture, $"The endpoint {llm.Endpoint.Host} is not answering: {reason} (asked at {timeProvider.GetUtcNow():u}).");
                LogNotAnswering(logger, llm.Endpoint.Host, reason);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The LLM endpoint {Host} is not answering: {Reason}")]
    private static partial void LogNotAnswering(ILogger logger, string host, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The LLM endpoint {Host} answers again")]
    private static partial void LogAnsweringAgain(ILogger logger, string host);
}
