namespace AiMesh.Redis;

/// <summary>
/// The server answered a command with an error reply (<c>-ERR ...</c>, <c>-WRONGPASS ...</c>, ...).
/// The connection is still healthy: only that one command failed.
/// </summary>
public sealed class RedisServerException : RedisException
{
    public RedisServerException(string? command, string serverMessage)
        : this(command, serverMessage, serverMessage)
    {
    }

    internal RedisServerException(string? command, string serverMessage, string message)
        : base(message)
    {
        Command = command;
        ServerMessage = serverMessage;
    }

    /// <summary>
    /// The command that was rejected, e.g. <c>AUTH</c> or <c>INCR</c>; null when the error was
    /// read from a reply on its own (an element of an EXEC result, say).
    /// </summary>
    public string? Command { get; }

    /// <summary>The error text exactly as the server sent it, without the leading <c>-</c>.</summary>
    public string ServerMessage { get; }

    /// <summary>
    /// The first word of the error (<c>ERR</c>, <c>WRONGTYPE</c>, <c>NOAUTH</c>, <c>WRONGPASS</c>...),
    /// which Redis uses as a machine-readable error kind.
    /// </summary>
    public string ErrorKind
    {
        get
        {
            var space = ServerMessage.IndexOf(' ', StringComparison.Ordinal);
            return space < 0 ? ServerMessage : ServerMessage[..space];
        }
    }
}
