using Polly;

namespace AiMesh.ServiceDefaults.Resilience;

/// <summary>
/// Our stand-in for Microsoft.Extensions.Http.Resilience's standard handler (not in the project's
/// registry): runs each request through the standard pipeline, sending a fresh copy per attempt.
/// </summary>
internal sealed class StandardResilienceHandler(StandardResiliencePipelines pipelines, string optionsName) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var pipeline = pipelines.Get(optionsName, request.RequestUri);
        var snapshot = await RequestMessageSnapshot.CreateAsync(request, cancellationToken).ConfigureAwait(false);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static async (context, state) =>
                {
                    try
                    {
                        var response = await state.Handler.SendAttemptAsync(state.Snapshot.CreateRequest(), context.CancellationToken)
                            .ConfigureAwait(false);
                        return Outcome.FromResult(response);
                    }
                    catch (Exception exception)
                    {
                        return Outcome.FromException<HttpResponseMessage>(exception);
                    }
                },
                context,
                (Handler: this, Snapshot: snapshot)).ConfigureAwait(false);

            outcome.ThrowIfException();
            var result = outcome.Result!;
            result.RequestMessage = request;
            return result;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendAttemptAsync(HttpRequestMessage attempt, CancellationToken cancellationToken) =>
        base.SendAsync(attempt, cancellationToken);
}
