using AiMesh.Ingest.Apis;
using AiMesh.Ingest.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIngestServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapSubscribeApi();
app.MapResultsApi();
app.MapModelsApi();
app.MapKafkaStatusApi();
app.MapDeadLettersApi();

app.Run();

/// <summary>The Ingest service; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
