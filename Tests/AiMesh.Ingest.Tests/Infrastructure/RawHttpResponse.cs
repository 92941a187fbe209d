using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AiMesh.Ingest.Tests.Infrastructure;

/// <summary>A response as read off the socket: nothing at all when the server closed without answering.</summary>
public sealed record RawHttpResponse(int? Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public static RawHttpResponse Parse(byte[] raw)
    {
        var text = Encoding.UTF8.GetString(raw);
        var endOfHead = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (endOfHead < 0)
        {
            return new RawHttpResponse(null, new Dictionary<string, string>(), text);
        }

        var lines = text[..endOfHead].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = text[(endOfHead + 4)..];
        if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Equals("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Unchunk(body);
        }

        return new RawHttpResponse(status, headers, body);
    }

    private static string Unchunk(string chunked)
    {
        var body = new StringBuilder();
        var position = 0;
        while (true)
        {
            var endOfSize = chunked.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[position..endOfSize].Split(';')[0], 16);
            if (size == 0)
            {
                return body.ToString();
            }

            // Chunk sizes count bytes; the problem bodies these tests read are ASCII.
            body.Append(chunked, endOfSize + 2, size);
            position = endOfSize + 2 + size + 2;
        }
    }
}
