namespace AiMesh.Redis;

/// <summary>
/// Base type for every failure this client reports, so callers can catch Redis problems
/// without also catching their own bugs (argument errors stay <see cref="ArgumentException"/>).
/// </summary>
public class RedisException : Exception
{
    public RedisException()
    {
    }

    public RedisException(string message)
        : base(message)
    {
    }

    public RedisException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
