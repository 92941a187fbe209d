using System.Globalization;
using System.Net.Security;
using System.Text;

namespace AiMesh.Redis;

/// <summary>
/// Where and how <see cref="RedisClient"/> connects. <see cref="Parse"/> reads the connection
/// strings Aspire hands to a project (<c>ConnectionStrings__cache</c>), so a service can move
/// between the Aspire AppHost and the AiMesh one without changing its configuration.
/// </summary>
public sealed class RedisConnectionOptions
{
    private const string MaskedPassword = "*****";
    private static readonly TimeSpan s_defaultTimeout = TimeSpan.FromSeconds(5);

    public required string Host { get; init; }

    public int Port { get; init; } = 6379;

    /// <summary>ACL user name; sent only together with <see cref="Password"/>.</summary>
    public string? User { get; init; }

    public string? Password { get; init; }

    public bool Ssl { get; init; }

    /// <summary>Bounds the whole connect: TCP, TLS, AUTH and SELECT.</summary>
    public TimeSpan ConnectTimeout { get; init; } = s_defaultTimeout;

    /// <summary>
    /// How long a command may wait for its reply, counted from the moment it is queued.
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits forever (for blocking commands such as BLPOP).
    /// </summary>
    public TimeSpan CommandTimeout { get; init; } = s_defaultTimeout;

    public int Database { get; init; }

    /// <summary>
    /// Overrides the usual certificate check when <see cref="Ssl"/> is on, for example to trust a
    /// development certificate that is not in the machine's store. Null means the platform's check.
    /// </summary>
    public RemoteCertificateValidationCallback? RemoteCertificateValidation { get; init; }

    internal string EndPoint => FormatEndPoint(Host, Port);

    /// <summary>
    /// Reads <c>host:port</c> followed by optional StackExchange.Redis-style options
    /// (<c>user=</c>, <c>password=</c>, <c>ssl=</c>, <c>connectTimeout=</c> and <c>syncTimeout=</c>/<c>asyncTimeout=</c>
    /// in milliseconds, <c>defaultDatabase=</c>; <c>abortConnect=</c> and other options that do not
    /// apply to this client are accepted and ignored), or a URI
    /// <c>redis://[[user]:password@]host[:port][/database]</c> (<c>rediss://</c> turns TLS on).
    /// </summary>
    /// <exception cref="FormatException">The text is not one of those forms. The message never contains the password.</exception>
    public static RedisConnectionOptions Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var text = connectionString.Trim();
        if (text.Length == 0)
        {
            throw new FormatException("The Redis connection string is empty; expected 'host:port[,password=...]' or 'redis://[:password@]host:port'.");
        }

        return text.StartsWith("redis://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase)
            ? ParseUri(text)
            : ParseOptionList(text);
    }

    /// <summary>The options as a connection string, with the password replaced by <c>*****</c> so it can be logged.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(EndPoint);
        if (User is not null)
        {
            text.Append(",user=").Append(User);
        }

        if (Password is not null)
        {
            text.Append(",password=").Append(MaskedPassword);
        }

        if (Ssl)
        {
            text.Append(",ssl=true");
        }

        if (Database != 0)
        {
            text.Append(CultureInfo.InvariantCulture, $",defaultDatabase={Database}");
        }

        if (ConnectTimeout != s_defaultTimeout)
        {
            text.Append(CultureInfo.InvariantCulture, $",connectTimeout={(long)ConnectTimeout.TotalMilliseconds}");
        }

        if (CommandTimeout != s_defaultTimeout)
        {
            text.Append(CultureInfo.InvariantCulture, $",syncTimeout={(long)CommandTimeout.TotalMilliseconds}");
        }

        return text.ToString();
    }

    // Object initializers cannot validate as they go, so the client checks once before use.
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException("Host must not be empty.", "options");
        }

        if (Port is < 1 or > 65535)
        {
            throw new ArgumentException($"Port {Port} is outside 1-65535.", "options");
        }

        if (Database < 0)
        {
            throw new ArgumentException($"Database {Database} must not be negative.", "options");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("ConnectTimeout must be positive.", "options");
        }

        if (CommandTimeout <= TimeSpan.Zero && CommandTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException("CommandTimeout must be positive or Timeout.InfiniteTimeSpan.", "options");
        }
    }

    private static RedisConnectionOptions ParseOptionList(string text)
    {
        string? host = null;
        var port = 6379;
        string? user = null;
        string? password = null;
        var ssl = false;
        var database = 0;
        var connectTimeout = s_defaultTimeout;
        TimeSpan? syncTimeout = null;
        TimeSpan? asyncTimeout = null;

        foreach (var rawPart in text.Split(','))
        {
            var part = rawPart.Trim();
            if (part.Length == 0)
            {
                continue;
            }

            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                if (host is not null)
                {
                    throw new FormatException($"The Redis connection string names more than one server ('{FormatEndPoint(host, port)}' and '{part}'); this client connects to a single server.");
                }

                (host, port) = ParseEndPoint(part);
                continue;
            }

            var key = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim();
            switch (key.ToLowerInvariant())
            {
                case "user":
                    user = value.Length == 0 ? null : value;
                    break;
                case "password":
                    password = value;
                    break;
                case "ssl":
                    ssl = ParseBoolean(key, value);
                    break;
                case "connecttimeout":
                    connectTimeout = ParseMilliseconds(key, value);
                    break;
                case "synctimeout":
                    syncTimeout = ParseMilliseconds(key, value);
                    break;
                case "asynctimeout":
                    asyncTimeout = ParseMilliseconds(key, value);
                    break;
                case "defaultdatabase":
                    database = ParseDatabase(value);
                    break;

                // StackExchange.Redis options that change nothing for a single lazily connected,
                // non-retrying connection; accepting them keeps shared connection strings working.
                case "abortconnect":
                case "allowadmin":
                case "connectretry":
                case "keepalive":
                case "name":
                case "resolvedns":
                case "setlib":
                case "tiebreaker":
                case "version":
                case "configcheckseconds":
                case "checkcertificaterevocation":
                    break;
                default:
                    throw new FormatException($"The Redis connection string option '{key}' is not supported (supported: user, password, ssl, connectTimeout, syncTimeout, asyncTimeout, defaultDatabase, abortConnect).");
            }
        }

        if (host is null)
        {
            throw new FormatException("The Redis connection string has no 'host:port' part.");
        }

        return new RedisConnectionOptions
        {
            Host = host,
            Port = port,
            User = user,
            Password = password,
            Ssl = ssl,
            Database = database,
            ConnectTimeout = connectTimeout,

            // The client only has an asynchronous API, so an explicit async timeout is the one that applies.
            CommandTimeout = asyncTimeout ?? syncTimeout ?? s_defaultTimeout,
        };
    }

    private static RedisConnectionOptions ParseUri(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw new FormatException("The Redis URI is not valid; expected 'redis://[[user]:password@]host[:port][/database]'.");
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new FormatException("The Redis URI must not have a query string or fragment; put options in the 'host:port,option=value' form instead.");
        }

        string? user = null;
        string? password = null;
        if (uri.UserInfo.Length > 0)
        {
            // "redis://secret@host" is how several clients write a password without a user.
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                password = Uri.UnescapeDataString(uri.UserInfo);
            }
            else
            {
                var userPart = Uri.UnescapeDataString(uri.UserInfo[..colon]);
                user = userPart.Length == 0 ? null : userPart;
                password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var path = uri.AbsolutePath.Trim('/');
        var database = path.Length == 0 ? 0 : ParseDatabase(path);

        return new RedisConnectionOptions
        {
            Host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port,
            User = user,
            Password = password,
            Ssl = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase),
            Database = database,
        };
    }

    private static (string Host, int Port) ParseEndPoint(string text)
    {
        if (text.Contains("://", StringComparison.Ordinal))
        {
            throw new FormatException($"'{text}' is not a Redis endpoint; only the redis:// and rediss:// schemes are understood.");
        }

        string host;
        string? portText = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"The Redis endpoint '{text}' has an unclosed '[' around its IPv6 address.");
            }

            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                portText = rest.StartsWith(':') ? rest[1..] : throw new FormatException($"The Redis endpoint '{text}' has unexpected text after ']'.");
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');

            // More than one colon without brackets can only be a bare IPv6 address.
            if (colon >= 0 && text.IndexOf(':', StringComparison.Ordinal) == colon)
            {
                host = text[..colon];
                portText = text[(colon + 1)..];
            }
            else
            {
                host = text;
            }
        }

        if (host.Length == 0 || host.Any(char.IsWhiteSpace))
        {
            throw new FormatException($"The Redis endpoint '{text}' has no valid host name.");
        }

        var port = 6379;
        if (portText is not null
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new FormatException($"The Redis endpoint '{text}' has an invalid port; expected a number from 1 to 65535.");
        }

        return (host, port);
    }

    private static bool ParseBoolean(string key, string value) =>
        bool.TryParse(value, out var result)
            ? result
            : throw new FormatException($"The Redis connection string option '{key}' must be 'true' or 'false', not '{value}'.");

    private static TimeSpan ParseMilliseconds(string key, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds > 0
            ? TimeSpan.FromMilliseconds(milliseconds)
            : throw new FormatException($"The Redis connection string option '{key}' must be a positive number of milliseconds, not '{value}'.");

    private static int ParseDatabase(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var database)
            ? database
            : throw new FormatException($"The Redis database '{value}' is not valid; expected a non-negative number.");

    private static string FormatEndPoint(string host, int port) =>
        host.Contains(':', StringComparison.Ordinal)
            ? $"[{host}]:{port.ToString(CultureInfo.InvariantCulture)}"
            : $"{host}:{port.ToString(CultureInfo.InvariantCulture)}";
}
