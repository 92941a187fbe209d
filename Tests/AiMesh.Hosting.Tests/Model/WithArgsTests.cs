using AiMesh.Hosting.ApplicationModel;
using static AiMesh.Hosting.Tests.Model.ModelTestSupport;

namespace AiMesh.Hosting.Tests.Model;

public sealed class WithArgsTests
{
    [Fact]
    public async Task Strings_and_value_providers_are_resolved_in_order()
    {
        var builder = CreateBuilder();
        var redis = builder.AddRedis("redis");
        var tool = builder.AddExecutable("tool", "redis-cli", ".", "-h", redis.Resource.PrimaryEndpoint.Host)
            .WithArgs("-p", redis.Resource.PrimaryEndpoint.Port)
            .WithArgs(context =>
            {
                context.Args.Add("PING");
                return Task.CompletedTask;
            });
        Allocate(redis.Resource, "tcp", new AllocatedEndpoint("tcp", "127.0.0.1", 6401));

        var args = await GetArgsAsync(tool.Resource);

        Assert.Equal(["-h", "127.0.0.1", "-p", "6401", "PING"], args);
    }

    [Fact]
    public void An_executable_records_its_command_and_a_working_directory_relative_to_the_AppHost()
    {
        var builder = CreateBuilder();
        var tool = builder.AddExecutable("tool", "python3", "scripts");

        Assert.Equal("python3", tool.Resource.Command);
        Assert.Equal(Path.Combine(builder.AppHostDirectory, "scripts"), tool.Resource.WorkingDirectory);
        Assert.Empty(tool.Resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>());
    }

    [Fact]
    public void An_argument_that_is_neither_a_string_nor_a_value_provider_is_refused()
    {
        var tool = CreateBuilder().AddExecutable("tool", "sleep", ".");

        var e = Assert.Throws<ArgumentException>(() => tool.WithArgs("--seconds", 5));
        var nullArgument = Assert.Throws<ArgumentException>(() => tool.WithArgs("--name", null!));

        Assert.Equal("args", e.ParamName);
        Assert.Contains("Int32", e.Message, StringComparison.Ordinal);
        Assert.Contains("null", nullArgument.Message, StringComparison.Ordinal);
        Assert.Empty(tool.Resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>());
    }
}
