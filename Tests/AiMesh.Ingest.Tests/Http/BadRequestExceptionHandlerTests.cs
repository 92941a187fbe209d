using System.Text.Json;
using AiMesh.Ingest.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiMesh.Ingest.Tests.Http;

public sealed class BadRequestExceptionHandlerTests
{
    [Theory]
    [InlineData(400, "Bad Request")]
    [InlineData(408, "Request Timeout")]
    [InlineData(413, "Payload Too Large")]
    public async Task ARequestKestrelFoundBrokenIsAnsweredWithItsOwnStatusAsProblemDetails(int status, string title)
    {
        var (handler, context, body) = Create();

        var handled = await handler.TryHandleAsync(context, new BadHttpRequestException("The body broke off.", status), TestContext.Current.CancellationToken);

        Assert.True(handled);
        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        var problem = JsonDocument.Parse(body.ToArray()).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Equal("The body broke off.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AnyOtherExceptionIsLeftToTheDefaultHandling()
    {
        var (handler, context, _) = Create();

        Assert.False(await handler.TryHandleAsync(context, new InvalidOperationException("a bug"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TheStatusStandsForAClientThatAcceptsNoJson()
    {
        var (handler, context, body) = Create();
        context.Request.Headers.Accept = "text/html";

        Assert.True(await handler.TryHandleAsync(context, new BadHttpRequestException("Too slow.", 408), TestContext.Current.CancellationToken));

        Assert.Equal(408, context.Response.StatusCode);
        Assert.Equal(0, body.Length);
    }

    private static (BadRequestExceptionHandler Handler, DefaultHttpContext Context, MemoryStream Body) Create()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var body = new MemoryStream();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = body;
        var handler = new BadRequestExceptionHandler(services.GetRequiredService<IProblemDetailsService>(), NullLogger<BadRequestExceptionHandler>.Instance);
        return (handler, context, body);
    }
}
