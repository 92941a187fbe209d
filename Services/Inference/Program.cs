using AiMesh.Inference.Apis;
using AiMesh.Inference.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddInferenceServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapStatusApi();

app.Run();
