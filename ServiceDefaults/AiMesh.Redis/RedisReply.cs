using System.Globalization;
using System.Text;

namespace AiMesh.Redis;

/// <summary>
/// One RESP2 reply. The five kinds are nested records so a caller can pattern match on them
/// (<c>reply is RedisReply.Integer { Value: var n }</c>) or use the <c>As…</c> helpers.
/// Equality is by value, nested arrays and bulk bytes included, which keeps tests readable.
/// </summary>
public abstract record RedisReply
{
    // Only the five RESP2 kinds below exist; nobody else may add one.
    private protected RedisReply()
    {
    }

    /// <summary>True for the null bulk string (<c>$-1</c>) and the null array (<c>*-1</c>).</summary>
    public virtual bool IsNull => false;

    /// <summary>The reply as text: simple and bulk strings as they are, integers in invariant form.</summary>
    /// <exception cref="RedisServerException">The reply is an error.</exception>
    /// <exception cref="InvalidCastException">The reply is an array.</exception>
    public virtual string? AsString() => throw Mismatch("a string");

    /// <summary>The reply as bytes: bulk strings as they are, simple strings and integers as UTF-8.</summary>
    public virtual byte[]? AsBytes() => AsString() is { } text ? Encoding.UTF8.GetBytes(text) : null;

    /// <summary>The reply as a 64-bit integer: integer replies, or strings that hold one.</summary>
    public virtual long AsInt64()
    {
        var text = AsString() ?? throw new InvalidCastException("A null reply has no integer value.");
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidCastException($"The reply '{text}' is not an integer.");
    }

    /// <summary>The elements of an array reply, or null for the null array.</summary>
    public virtual IReadOnlyList<RedisReply>? AsArray() => throw Mismatch("an array");

    private protected InvalidCastException Mismatch(string wanted) =>
        new($"A {GetType().Name} reply cannot be read as {wanted}.");

    /// <summary><c>+OK</c>: a short status line.</summary>
    public sealed record SimpleString(string Value) : RedisReply
    {
        public override string AsString() => Value;

        public override string ToString() => $"+{Value}";
    }

    /// <summary><c>-ERR ...</c>: the server rejected the command; <see cref="Message"/> is the text after the dash.</summary>
    public sealed record Error(string Message) : RedisReply
    {
        public override string AsString() => throw new RedisServerException(null, Message);

        public override IReadOnlyList<RedisReply> AsArray() => throw new RedisServerException(null, Message);

        public override string ToString() => $"-{Message}";
    }

    /// <summary><c>:42</c></summary>
    public sealed record Integer(long Value) : RedisReply
    {
        public override string AsString() => Value.ToString(CultureInfo.InvariantCulture);

        public override long AsInt64() => Value;

        public override string ToString() => $":{Value.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary><c>$3\r\nabc</c>, or the null bulk string (<c>$-1</c>) when <see cref="Value"/> is null.</summary>
    public sealed record BulkString(byte[]? Value) : RedisReply
    {
        /// <summary>The null bulk string, which GET returns for a missing key.</summary>
        public static BulkString Null { get; } = new((byte[]?)null);

        public BulkString(string value)
            : this(Encoding.UTF8.GetBytes(value))
        {
        }

        public override bool IsNull => Value is null;

        public override string? AsString() => Value is null ? null : Encoding.UTF8.GetString(Value);

        public override byte[]? AsBytes() => Value;

        public bool Equals(BulkString? other) =>
            other is not null && (Value is null
                ? other.Value is null
                : other.Value is not null && Value.AsSpan().SequenceEqual(other.Value));

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.AddBytes(Value);
            return hash.ToHashCode();
        }

        public override string ToString() => Value is null ? "$-1" : $"${Value.Length} {AsString()}";
    }

    /// <summary><c>*2\r\n...</c>, or the null array (<c>*-1</c>) when <see cref="Items"/> is null.</summary>
    public sealed record Array(IReadOnlyList<RedisReply>? Items) : RedisReply
    {
        /// <summary>The null array, which for example BLPOP returns when it times out.</summary>
        public static Array Null { get; } = new((IReadOnlyList<RedisReply>?)null);

        public Array(params RedisReply[] items)
            : this((IReadOnlyList<RedisReply>)items)
        {
        }

        public override bool IsNull => Items is null;

        public override IReadOnlyList<RedisReply>? AsArray() => Items;

        public bool Equals(Array? other) =>
            other is not null && (Items is null
                ? other.Items is null
                : other.Items is not null && Items.SequenceEqual(other.Items));

        public override int GetHashCode()
        {
            var hash = new HashCode();
            if (Items is not null)
            {
                foreach (var item in Items)
                {
                    hash.Add(item);
                }
            }

            return hash.ToHashCode();
        }

        public override string ToString() =>
            Items is null ? "*-1" : $"[{string.Join(", ", Items)}]";
    }
}
