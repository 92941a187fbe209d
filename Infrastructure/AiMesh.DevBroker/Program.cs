using AiMesh.DevBroker;
using Microsoft.Extensions.Hosting;

// Exit codes: 0 after a clean stop (SIGTERM, SIGINT or the parent exiting), 1 if the cluster
// could not start, 2 for bad arguments.
if (BrokerArguments.IsHelpRequested(args))
{
    Console.Out.Write(BrokerArguments.Usage);
    return 0;
}

if (!BrokerArguments.TryParse(args, out var options, out var error))
{
    return Fail(2, error, showUsage: true);
}

ParentProcess? parent = null;
if (options.ParentPid is int parentPid && !ParentProcess.TryAttach(parentPid, out parent))
{
    return Fail(2, $"--parent-pid {parentPid}: no such running process", showUsage: false);
}

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.AddDevBroker(options, parent);
using var host = builder.Build();
try
{
    await host.RunAsync();
}
catch (Exception ex)
{
    // The host has logged the details; a launcher also wants a one-line reason and a non-zero code.
    return Fail(1, $"could not start: {ex.Message}", showUsage: false);
}

return 0;

static int Fail(int exitCode, string message, bool showUsage)
{
    Console.Error.WriteLine($"AiMesh.DevBroker: {message}");
    if (showUsage)
    {
        Console.Error.Write(BrokerArguments.Usage);
    }

    return exitCode;
}
