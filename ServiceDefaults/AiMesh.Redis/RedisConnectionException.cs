namespace AiMesh.Redis;

/// <summary>
/// The client could not reach the server, or the connection broke while the command was
/// queued or in flight. The command may or may not have run on the server; the client never
/// re-sends it on its own, and the next command opens a new connection.
/// </summary>
public sealed class RedisConnectionException : RedisException
{
    public RedisConnectionException(string message)
        : base(message)
    {
    }

    public RedisConnectionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
