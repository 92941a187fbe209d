using AiMesh.Ai;
using AiMesh.Ai.Api;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAiServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapInferenceApi();
app.MapAnswerApi();

app.Run();
