using System.Text;

namespace AiMesh.EndToEnd.Tests.Support;

/// <summary>A request to send to Ingest as raw bytes: what it is meant to test, its head and its body.</summary>
/// <param name="Kind">What makes it odd, for the failure message.</param>
/// <param name="ContentType">The Content-Type header, or null for none.</param>
/// <param name="Body">The bytes sent as the body.</param>
/// <param name="DeclaredLength">The Content-Length header; null sends the body's own length.</param>
/// <param name="Ending">How the client ends its side once the body is sent.</param>
internal sealed record MalformedRequest(string Kind, string? ContentType, byte[] Body, long? DeclaredLength = null, RequestEnding Ending = RequestEnding.Complete)
{
    public override string ToString() =>
        $"{Kind}: Content-Type {ContentType ?? "(none)"}, {Body.Length} bytes{(DeclaredLength is { } declared ? $" declared {declared}" : "")}, {Ending}: " +
        Convert.ToHexString(Body.AsSpan(0, Math.Min(Body.Length, 64)));
}

/// <summary>How a request's sender behaves after its body.</summary>
internal enum RequestEnding
{
    /// <summary>Sends the body as declared and waits for the answer.</summary>
    Complete,

    /// <summary>Sends less than declared, then closes its sending side.</summary>
    ShortThenClose,

    /// <summary>Sends less than declared, then waits without sending more.</summary>
    ShortThenStall,

    /// <summary>Sends the body a byte at a time, far slower than any reasonable client.</summary>
    Trickle,
}

/// <summary>
/// Generates malformed and odd requests for <c>POST /api/subscribe</c>, the way a fuzzer would: random
/// bytes, mutated and truncated JSON, over-long bodies, wrong lengths, odd content types and charsets,
/// and Unicode edge cases (noncharacters, surrogates, BOMs, overlong UTF-8, bidi controls, combining
/// marks, very long words). Some are valid and must be accepted and stored; the rest must be refused
/// with a 4xx. The same seed gives the same requests.
/// </summary>
internal sealed class MalformedRequests(int seed)
{
    private const string Json = "application/json";

    private static readonly string[] s_samples =
    [
        "This product is terrible!",
        "I love it, works great.",
        "The delivery came on Tuesday.",
        "Not bad at all, honestly.",
    ];

    // Texts Ingest must accept: odd, but every stage can finish them.
    private static readonly string[] s_oddButValid =
    [
        "\u202Eright-to-left override\u202C then back",
        "e" + new string('\u0301', 40) + " stacked combining marks",
        new string('w', 3000),
        "zero\u200Bwidth\u200Djoiners\u2060here",
        "emoji 👍🏽 and flags 🇳🇱 and ZWJ 👩‍👩‍👧",
        "\uFEFFa byte order mark inside the text",
        "tabs\tand\r\nnew lines\u2028and separators",
        "CJK 漢字 and Hangul 한국어 and Devanagari हिन्दी",
    ];

    // JSON string contents (escapes as written) that no stage can finish: Ingest must refuse them.
    private static readonly string[] s_refusedEscapes =
    [
        @"poison pill \ufffe", @"\uffff", @"\ufdd0 inside", @"\ufdef", @"plane one \ud83f\udffe", @"\udbff\udfff",
        @"lone high \ud800", @"lone low \udc00 here", @"reversed \udc00\ud800", @"nul \u0000 inside",
    ];

    // Raw byte sequences inside a JSON string that are not UTF-8.
    private static readonly byte[][] s_invalidUtf8 =
    [
        [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
        [0xFF], [0xFE], [0x80], [0xC3], [0xE2, 0x82],
    ];

    private static readonly string?[] s_oddContentTypes =
    [
        null, "", "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
        "application/json; charset=utf-16", "application/json; charset=latin1", "application/json; charset=\"utf-8\"",
        "APPLICATION/JSON", "application/vnd.api+json", "application/json;;;", "*/*", "application/json; charset=", "json",
    ];

    private readonly Random _random = new(seed);

    /// <summary><paramref name="count"/> requests, at most <paramref name="maxStalled"/> of which stall or trickle (they take seconds each).</summary>
    public IReadOnlyList<MalformedRequest> Create(int count, int maxStalled)
    {
        List<MalformedRequest> requests = [];
        var stalled = 0;
        while (requests.Count < count)
        {
            var request = Next();
            if (request.Ending is RequestEnding.ShortThenStall or RequestEnding.Trickle && ++stalled > maxStalled)
            {
                continue;
            }

            requests.Add(request);
        }

        return requests;
    }

    private MalformedRequest Next() => _random.Next(14) switch
    {
        0 => new("random bytes", Json, RandomBytes(_random.Next(0, 400))),
        1 or 2 => new("mutated JSON", Json, Mutate(ValidBody())),
        3 => Truncated(ValidBody()),
        4 => new("odd content type", Pick(s_oddContentTypes), Encoding.UTF8.GetBytes(_random.Next(2) == 0 ? """{"text":"odd type"}""" : "text=plain")),
        5 => new("refused text", Json, Encoding.UTF8.GetBytes($$"""{"text":"{{Pick(s_refusedEscapes)}}"}""")),
        6 => new("invalid UTF-8 in the text", Json, [.. """{"text":"bad """u8, .. Pick(s_invalidUtf8), .. """ bytes"}"""u8]),
        7 => UndecodableName(),
        8 => OddStructure(),
        9 => new("odd but valid text", Json, Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new { text = Pick(s_oddButValid) }))),
        10 => new("byte order mark", Json, [0xEF, 0xBB, 0xBF, .. ValidBody()]),
        11 => OverLong(),
        12 => WrongLength(),
        _ => new("valid", Json, ValidBody()),
    };

    private MalformedRequest Truncated(byte[] body) => new("truncated JSON", Json, body[.._random.Next(0, body.Length)]);

    private MalformedRequest UndecodableName() => _random.Next(4) switch
    {
        0 => new("undecodable name", Json, Encoding.UTF8.GetBytes("""{"\ud800":"a"}""")),
        1 => new("undecodable name", Json, [.. """{"te"""u8, 0xFF, .. """xt":"a"}"""u8]),
        2 => new("undecodable extra name", Json, Encoding.UTF8.GetBytes("""{"text":"fine","\udc00":1}""")),
        _ => new("undecodable extra name", Json, [.. """{"text":"fine","x"""u8, .. Pick(s_invalidUtf8), .. "\":1}"u8]),
    };

    private MalformedRequest OddStructure() => _random.Next(9) switch
    {
        0 => new("duplicate text", Json, """{"text":"one","text":"two"}"""u8.ToArray()),
        1 => new("duplicate text, other case", Json, """{"text":"one","TEXT":"two"}"""u8.ToArray()),
        2 => new("unexpected property", Json, """{"text":"hello","priority":"high"}"""u8.ToArray()),
        3 => new("deep nesting", Json, Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000))),
        4 => new("text is a number", Json, """{"text":1e309}"""u8.ToArray()),
        5 => new("text is null", Json, """{"text":null}"""u8.ToArray()),
        6 => new("not an object", Json, Encoding.UTF8.GetBytes(Pick(["[]", "\"text\"", "null", "true", "42", "{}"]))),
        7 => new("trailing data", Json, """{"text":"a"} {"text":"b"}"""u8.ToArray()),
        _ => new("comments and trailing commas", Json, """{/*c*/"text":"a",}"""u8.ToArray()),
    };

    private MalformedRequest OverLong() => _random.Next(3) switch
    {
        0 => new("text over the limit", Json, Encoding.UTF8.GetBytes($$"""{"text":"{{new string('x', 4001 + _random.Next(20_000))}}"}""")),
        1 => new("body over the limit", Json, RandomBytes(60_000 + _random.Next(100_000))),
        _ => new("declared length over the limit", Json, ValidBody(), DeclaredLength: 10_000_000, Ending: RequestEnding.ShortThenClose),
    };

    private MalformedRequest WrongLength()
    {
        var body = ValidBody();
        return _random.Next(4) switch
        {
            0 => new("shorter than declared, closed", Json, body[..(body.Length / 2)], DeclaredLength: body.Length, Ending: RequestEnding.ShortThenClose),
            1 => new("shorter than declared, stalled", Json, body[..(body.Length / 2)], DeclaredLength: body.Length, Ending: RequestEnding.ShortThenStall),
            2 => new("trickled", Json, body, Ending: RequestEnding.Trickle),
            _ => new("longer than declared", Json, body, DeclaredLength: body.Length / 2),
        };
    }

    private byte[] ValidBody() => Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new { text = Pick(s_samples) }));

    private byte[] Mutate(byte[] body)
    {
        var bytes = body.ToList();
        for (var i = _random.Next(1, 4); i > 0 && bytes.Count > 0; i--)
        {
            var at = _random.Next(bytes.Count);
            switch (_random.Next(4))
            {
                case 0: bytes[at] = (byte)_random.Next(256); break;
                case 1: bytes.RemoveAt(at); break;
                case 2: bytes.Insert(at, (byte)_random.Next(256)); break;
                default: bytes.InsertRange(at, bytes.GetRange(at, Math.Min(4, bytes.Count - at))); break;
            }
        }

        return [.. bytes];
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private T Pick<T>(IReadOnlyList<T> choices) => choices[_random.Next(choices.Count)];
}
