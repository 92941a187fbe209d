using System.Net;
using AiMesh.Ai.Api;
using AiMesh.Ai.Models;
using AiMesh.Ai.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;

namespace AiMesh.Ai.Tests.Api;

/// <summary>A replica whose model is still loading says so: Unhealthy, and 503 to requests for that model.</summary>
public sealed class LoadingTests
{
    [Fact]
    public async Task Until_a_model_has_loaded_health_is_Unhealthy_and_it_answers_503_then_it_serves()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        builder.AddAiServices();
        builder.Services.AddInferenceModel<SlowLoadingModel>();
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapInferenceApi();
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var client = app.GetTestClient();

        using (var health = await client.GetAsync("/health", TestContext.Current.CancellationToken).DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        }

        using (var refused = await client.PostAsync("/api/infer", HttpAssert.Json("""{"text": "hello", "model": "slow"}"""), TestContext.Current.CancellationToken).DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        SlowLoadingModel.Loaded.TrySetResult();
        await AsyncTestHelpers.WaitUntilAsync(async () =>
        {
            using var health = await client.GetAsync("/health", TestContext.Current.CancellationToken);
            return health.StatusCode == HttpStatusCode.OK;
        });

        using var answered = await client.PostAsync("/api/infer", HttpAssert.Json("""{"text": "hello", "model": "slow"}"""), TestContext.Current.CancellationToken).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }
}
