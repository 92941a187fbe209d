using AiMesh.DevBroker;
using AiMesh.DevBroker.Native;
using AiMesh.Kafka;

// Exit codes: 0 after a clean stop (SIGTERM or SIGINT), 1 if the cluster or a listener could not
// start (a port in use, for example), 2 for bad arguments.
if (BrokerArguments.IsHelpRequested(args))
{
    Console.Out.Write(BrokerArguments.Usage);
    return 0;
}

if (!BrokerArguments.TryParse(args, out var options, out var error))
{
    return Fail(2, error, showUsage: true);
}

// Before the first native call, so that "librdkafka" can only be the package's own 2.16 build.
BundledLibrdkafka.Register(typeof(LibRdKafka).Assembly);
BundledLibrdkafka.Register(typeof(Confluent.Kafka.ErrorCode).Assembly);

// The ports not given are picked together, so they differ from one another.
var picked = new Queue<int>(FreeTcpPort.Pick(
    (options.BrokerPorts.Count == 0 ? BrokerOptions.DefaultBrokerCount : 0) + (options.ControlPort is null ? 1 : 0)));
options = options with
{
    BrokerPorts = options.BrokerPorts.Count == 0 ? [.. Enumerable.Range(0, BrokerOptions.DefaultBrokerCount).Select(_ => picked.Dequeue())] : options.BrokerPorts,
    ControlPort = options.ControlPort ?? picked.Dequeue(),
};
var controlPort = options.ControlPort.Value;

// The command line is the broker's own, not configuration: none of it goes to the host.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
builder.AddDevBroker(options, controlPort);
await using var app = builder.Build();
app.MapDevBroker();
var cluster = app.Services.GetRequiredService<DevBrokerCluster>();
app.Lifetime.ApplicationStarted.Register(() => cluster.LogReady(controlPort));
try
{
    await app.RunAsync();
}
catch (Exception ex)
{
    // A launcher wants a one-line reason and a non-zero code; the host has logged any details.
    // The outermost message is the one that names what failed (Kestrel's names the address).
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
