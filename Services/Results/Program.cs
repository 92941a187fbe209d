using AiMesh.Results;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddResultsServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseWebSockets();

app.MapDefaultEndpoints();
app.MapResultsEndpoints();

app.Run();
