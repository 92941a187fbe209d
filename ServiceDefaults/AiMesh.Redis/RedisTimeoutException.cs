namespace AiMesh.Redis;

/// <summary>
/// No reply arrived within <see cref="RedisConnectionOptions.CommandTimeout"/>. The connection
/// stays open: a late reply is read and thrown away so later commands still get their own.
/// </summary>
public sealed class RedisTimeoutException : RedisException
{
    public RedisTimeoutException(string message)
        : base(message)
    {
    }

    public RedisTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
