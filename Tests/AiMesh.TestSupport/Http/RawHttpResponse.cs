using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AiMesh.Tests.Http;

/// <summary>A response as read off the socket: nothing at all when the server closed without answering.</summary>
public sealed record RawHttpResponse(int? Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    private static readonly byte[] s_endOfHead = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] s_endOfLine = "\r\n"u8.ToArray();

    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public static RawHttpResponse Parse(byte[] raw)
    {
        ArgumentNullException.ThrowIfNull(raw);

        var endOfHead = raw.AsSpan().IndexOf(s_endOfHead);
        if (endOfHead < 0)
        {
            return new RawHttpResponse(null, new Dictionary<string, string>(), Encoding.UTF8.GetString(raw));
        }

        var lines = Encoding.ASCII.GetString(raw, 0, endOfHead).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = raw.AsSpan(endOfHead + s_endOfHead.Length);
        var chunked = headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Equals("chunked", StringComparison.OrdinalIgnoreCase);
        return new RawHttpResponse(status, headers, Encoding.UTF8.GetString(chunked ? Unchunk(body) : body));
    }

    /// <summary>The body of a chunked response; chunk sizes count bytes, so this works on bytes. A cut-off last chunk keeps what came.</summary>
    private static byte[] Unchunk(ReadOnlySpan<byte> chunked)
    {
        var body = new List<byte>();
        while (chunked.IndexOf(s_endOfLine) is var endOfSize and >= 0)
        {
            var sizeText = Encoding.ASCII.GetString(chunked[..endOfSize]).Split(';')[0];
            var size = Convert.ToInt32(sizeText, 16);
            chunked = chunked[(endOfSize + s_endOfLine.Length)..];
            if (size == 0)
            {
                break;
            }

            var taken = Math.Min(size, chunked.Length);
            body.AddRange(chunked[..taken]);
            chunked = chunked[Math.Min(chunked.Length, taken + s_endOfLine.Length)..];
        }

        return [.. body];
    }
}
