using AiMesh.TestApps.Echo;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEchoServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapEchoApi();
app.Run();
