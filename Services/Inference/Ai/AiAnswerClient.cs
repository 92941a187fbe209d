using System.Text;
using System.Text.Json;
using AiMesh.Contracts;
using Microsoft.Extensions.Options;

namespace AiMesh.Inference.Ai;

/// <summary>
/// The Ai service's <c>POST /api/answer</c>, read line by line as the answer streams (NDJSON
/// <see cref="AnswerEvent"/>s). Its typed HttpClient on <c>http://ai</c> has service discovery but not
/// the standard resilience handler: that handler's 10 s attempt and 30 s total timeouts would cut off an
/// answer that takes a minute, and its retries would send a streamed POST again behind the caller's back.
/// The one timeout is <see cref="InferenceOptions.AnswerTimeout"/>, over the whole answer; retrying is
/// the message processor's, which starts the answer over.
/// </summary>
internal sealed class AiAnswerClient(HttpClient http, IOptions<InferenceOptions> options, TimeProvider timeProvider)
{
    /// <summary>
    /// Asks the LLM model <paramref name="request"/> names to answer, handing each new piece of text to
    /// <paramref name="onDelta"/> as it arrives, and returns once the closing <c>done</c> line has come.
    /// </summary>
    /// <exception cref="AiUnavailableException">
    /// No whole answer: unreachable, 5xx/408/429 (503: no provider model can answer now), an <c>error</c>
    /// line (the provider broke off), a stream that ends without <c>done</c>, an unreadable line, or no
    /// answer within <see cref="InferenceOptions.AnswerTimeout"/>.
    /// </exception>
    /// <exception cref="AiRequestRejectedException">Any other 4xx: 400 (a bad request or unknown model), 422 (the provider refused this text).</exception>
    public async Task<StreamedAnswer> AnswerAsync(AnswerRequest request, Action<string> onDelta, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(onDelta);

        // HttpClient's own Timeout stops counting once the headers are in (ResponseHeadersRead), so the
        // deadline is kept here, over the request and every line read after it.
        var timeout = options.Value.AnswerTimeout;
        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, "api/answer")
            {
                Content = JsonContent.Create(request, ContractsJsonContext.Default.AnswerRequest),
            };
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var detail = await AiClient.ReadDetailAsync(response, linked.Token).ConfigureAwait(false);
                throw AiClient.IsPermanent(response.StatusCode)
                    ? new AiRequestRejectedException(response.StatusCode, detail)
                    : new AiUnavailableException($"The Ai service answered {(int)response.StatusCode} {response.StatusCode}: {detail}");
            }

            // As an InferResponse without its instance is no answer, neither is a stream without it.
            var instance = response.Headers.TryGetValues(AnswerEvent.InstanceHeader, out var values) ? values.FirstOrDefault() : null;
            if (string.IsNullOrEmpty(instance))
            {
                throw new AiUnavailableException($"The Ai service answered {(int)response.StatusCode} without an {AnswerEvent.InstanceHeader} header.");
            }

            var body = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                using var reader = new StreamReader(body, Encoding.UTF8);
                return await ReadUntilDoneAsync(reader, instance, onDelta, linked.Token).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (AiClient.IsTransport(exception, cancellationToken))
        {
            var why = deadline.IsCancellationRequested ? $"no whole answer within {timeout}" : exception.Message;
            throw new AiUnavailableException($"The Ai service's answer could not be had: {why}", exception);
        }
    }

    private static async Task<StreamedAnswer> ReadUntilDoneAsync(StreamReader reader, string instance, Action<string> onDelta, CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var answerEvent = JsonSerializer.Deserialize(line, ContractsJsonContext.Default.AnswerEvent)
                ?? throw new JsonException("An answer line is JSON null.");
            switch (answerEvent.Type)
            {
                case AnswerEvent.DeltaType when !string.IsNullOrEmpty(answerEvent.Text):
                    onDelta(answerEvent.Text);
                    break;
                case AnswerEvent.DoneType:
                    // JSON leaves a missing text null whatever the record says; a done line without it is no answer.
                    return answerEvent.Text is not null
                        ? new StreamedAnswer(answerEvent, instance)
                        : throw new AiUnavailableException("The Ai service closed its answer without the answer's text.");
                case AnswerEvent.ErrorType:
                    throw new AiUnavailableException($"The Ai service's answer broke off: {answerEvent.Text}");
                default:
                    // An empty delta adds nothing; a kind of line a later Ai service adds is not ours to fail on.
                    break;
            }
        }

        throw new AiUnavailableException("The Ai service's answer ended without its closing line.");
    }
}
