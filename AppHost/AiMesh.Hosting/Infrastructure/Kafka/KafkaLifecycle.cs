using System.Globalization;
using AiMesh.Hosting.ApplicationModel;
using AiMesh.Hosting.Orchestration.Lifecycles;
using AiMesh.Hosting.Orchestration.Processes;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AiMesh.Hosting.Infrastructure.Kafka;

/// <summary>
/// Runs the dev broker (AiMesh.DevBroker) and reads the bootstrap list it publishes; with an external
/// cluster it only creates the model's topics there. Healthy when metadata lists every topic.
/// </summary>
internal sealed class KafkaLifecycle(KafkaServerResource kafka) : ResourceLifecycle(kafka)
{
    private static readonly TimeSpan s_bootstrapTimeout = TimeSpan.FromSeconds(30);

    private IAdminClient? _admin;
    private string? _bootstrapOfAdmin;

    public override string Kind => "Kafka";

    /// <summary>The mock cluster picks new ports on every start, so a restart would strand every client.</summary>
    public override bool RestartOnExit => false;

    private string BootstrapFile(LifecycleContext context) => Path.Combine(context.StateDirectory, "bootstrap-servers");

    private IEnumerable<KafkaTopicAnnotation> Topics => kafka.Annotations.OfType<KafkaTopicAnnotation>();

    public override Task<ProcessSpec> CreateProcessSpecAsync(ReplicaInfo replica, LifecycleContext context, CancellationToken cancellationToken)
    {
        var brokerPath = Path.Combine(AppContext.BaseDirectory, "AiMesh.DevBroker.dll");
        if (!File.Exists(brokerPath))
        {
            throw new DistributedApplicationException($"The dev broker is missing at {brokerPath}: build the solution first.");
        }

        Directory.CreateDirectory(context.StateDirectory);
        File.Delete(BootstrapFile(context));
        kafka.BootstrapServers.Reset();

        List<string> args = [brokerPath, "--brokers", kafka.Brokers.ToString(CultureInfo.InvariantCulture)];
        foreach (var topic in Topics)
        {
            args.AddRange(["--topic", $"{topic.Name}:{topic.Partitions}"]);
        }

        args.AddRange(["--bootstrap-file", BootstrapFile(context), "--parent-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)]);
        return Task.FromResult(new ProcessSpec(DotnetCli.HostPath, args, ProcessEnvironment.Inherited(), context.StateDirectory));
    }

    public override async Task OnProcessStartedAsync(ReplicaInfo replica, RunningProcess process, LifecycleContext context, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_bootstrapTimeout);
        var file = BootstrapFile(context);
        while (!File.Exists(file))
        {
            if (process.Exited.IsCompleted)
            {
                throw new DistributedApplicationException("The dev broker exited before publishing its bootstrap servers; see its log.");
            }

            await Task.Delay(50, timeout.Token).ConfigureAwait(false);
        }

        kafka.BootstrapServers.Set((await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)).Trim());
    }

    public override async Task ActivateAsync(LifecycleContext context, CancellationToken cancellationToken)
    {
        // An external cluster: create the model's topics there; existing ones are left as they are.
        var specs = Topics.Select(t => new TopicSpecification { Name = t.Name, NumPartitions = t.Partitions, ReplicationFactor = -1 }).ToList();
        if (specs.Count == 0)
        {
            return;
        }

        try
        {
            await GetAdmin(await GetBootstrapAsync(cancellationToken).ConfigureAwait(false)).CreateTopicsAsync(specs).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
        }
        catch (KafkaException e)
        {
            context.Log($"Could not create topics on {kafka.Name}: {e.Message}", isError: true);
        }
    }

    public override async Task<HealthCheckResult> CheckHealthAsync(ReplicaInfo replica, CancellationToken cancellationToken)
    {
        try
        {
            var admin = GetAdmin(await GetBootstrapAsync(cancellationToken).ConfigureAwait(false));
            var metadata = await Task.Run(() => admin.GetMetadata(TimeSpan.FromSeconds(3)), cancellationToken).ConfigureAwait(false);
            var missing = Topics.Select(t => t.Name).Except(metadata.Topics.Where(t => t.Error.Code == ErrorCode.NoError).Select(t => t.Topic)).ToList();
            return missing.Count == 0
                ? HealthCheckResult.Healthy($"{metadata.Brokers.Count} brokers, {metadata.Topics.Count} topics.")
                : HealthCheckResult.Unhealthy($"Topics missing: {string.Join(", ", missing)}.");
        }
        catch (KafkaException e)
        {
            return HealthCheckResult.Unhealthy($"Metadata request failed: {e.Message}");
        }
    }

    public override ValueTask DisposeAsync()
    {
        _admin?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<string> GetBootstrapAsync(CancellationToken cancellationToken) =>
        await kafka.GetConnectionStringExpression().GetValueAsync(cancellationToken).ConfigureAwait(false) ?? "";

    private IAdminClient GetAdmin(string bootstrapServers)
    {
        if (_admin is not null && _bootstrapOfAdmin == bootstrapServers)
        {
            return _admin;
        }

        _admin?.Dispose();
        _bootstrapOfAdmin = bootstrapServers;
        _admin = new AdminClientBuilder(new AdminClientConfig
        {
            BootstrapServers = bootstrapServers,
            SocketTimeoutMs = 3000,
            // The health check asks often; a down broker must not flood the log.
            LogConnectionClose = false,
        }).SetLogHandler((_, _) => { }).Build();
        return _admin;
    }
}
