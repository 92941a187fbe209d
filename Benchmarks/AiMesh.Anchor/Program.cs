using AiMesh.Anchor;

// Kestrel's defaults, no telemetry, no logging below Warning: what Ingest would cost if it did nothing
// but take the same JSON POST and answer 202 with the same kind of body.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, AnchorJsonContext.Default));

var app = builder.Build();
app.MapPost("/api/subscribe", (SubmitText request) =>
{
    var acceptedAt = DateTimeOffset.UtcNow;
    var id = Guid.CreateVersion7(acceptedAt);
    return TypedResults.Accepted($"/api/results/{id}", new Accepted(id, acceptedAt));
});
// Only so the benchmark can tell when it listens.
app.MapGet("/health", () => TypedResults.Ok());
app.Run();
