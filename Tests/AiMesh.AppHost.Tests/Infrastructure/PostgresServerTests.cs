using System.Diagnostics;
using Npgsql;

namespace AiMesh.AppHost.Tests.Infrastructure;

/// <summary>The local PostgreSQL resource: Aspire's connection strings, its database, and its lock-down.</summary>
public sealed class PostgresServerTests(LocalPostgresFixture postgres) : IClassFixture<LocalPostgresFixture>
{
    [Fact]
    public async Task The_database_exists_and_answers_a_query_with_its_connection_string()
    {
        var connectionString = await postgres.App.ConnectionStringAsync("aimesh");
        Assert.Matches("^Host=localhost;Port=[0-9]+;Username=postgres;Password=[^;]+;Database=aimesh$", connectionString);

        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync(TestContext.Current.CancellationToken).DefaultTimeout();
        await using var command = new NpgsqlCommand("SELECT current_database()", connection);
        Assert.Equal("aimesh", await command.ExecuteScalarAsync(TestContext.Current.CancellationToken).DefaultTimeout());
    }

    [Fact]
    public async Task The_server_connection_string_has_Aspire_format()
    {
        var connectionString = await postgres.App.ConnectionStringAsync("postgres");
        Assert.Matches("^Host=localhost;Port=[0-9]+;Username=postgres;Password=[^;]+$", connectionString);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-password")]
    public async Task A_TCP_connection_without_the_right_password_is_refused(string? password)
    {
        var builder = new NpgsqlConnectionStringBuilder(await postgres.App.ConnectionStringAsync("aimesh"))
        {
            Host = "127.0.0.1",
            Password = password,
            Pooling = false,
        };

        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        var error = await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync(TestContext.Current.CancellationToken).DefaultTimeout());
        // 28P01: invalid_password; without one, Npgsql refuses before sending (the server asked for SCRAM).
        Assert.True(error is PostgresException { SqlState: "28P01" } || password is null, error.ToString());
    }

    [Fact]
    public void The_socket_directory_belongs_to_the_server_user_alone()
    {
        var socketDirectory = Path.Combine(postgres.App.StateDirectory, "postgres", "socket");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(socketDirectory));
        Assert.NotEmpty(Directory.GetFiles(socketDirectory, ".s.PGSQL.*"));
    }

    [Fact]
    public async Task Another_local_user_cannot_connect_through_the_socket()
    {
        Assert.SkipUnless(Environment.IsPrivilegedProcess, "Needs root to act as user nobody.");
        var socketDirectory = Path.Combine(postgres.App.StateDirectory, "postgres", "socket");
        var port = new NpgsqlConnectionStringBuilder(await postgres.App.ConnectionStringAsync("postgres")).Port;

        var startInfo = new ProcessStartInfo("runuser")
        {
            ArgumentList = { "-u", "nobody", "--", "psql", "-h", socketDirectory, "-p", $"{port}", "-U", "postgres", "-d", "aimesh", "-w", "-c", "SELECT 1" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var psql = Process.Start(startInfo)!;
        var error = await psql.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken).DefaultTimeout();
        await psql.WaitForExitAsync(TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.NotEqual(0, psql.ExitCode);
        Assert.Contains("Permission denied", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_process_DCP_watches_is_the_postgres_server_itself()
    {
        var pid = postgres.App.ProcessId("postgres");

        Assert.Equal("postgres", (await File.ReadAllTextAsync($"/proc/{pid}/comm", TestContext.Current.CancellationToken)).Trim());
    }
}
