using AiMesh.Tests.Redis;

namespace AiMesh.Inference.Tests.TestSupport;

/// <summary>
/// What a test of the handlers runs against besides its class's mock Kafka cluster, fresh for each
/// test: a fake Ai replica (<c>ai-a</c>), a reader of result-topic, one of answer-topic once asked for,
/// and a real Redis when the test uses the cache.
/// </summary>
internal sealed class HandlerTestServers : IAsyncDisposable
{
    private readonly string _bootstrapServers;
    private readonly RedisServer? _redis;
    private AnswerTopicReader? _answers;

    private HandlerTestServers(string bootstrapServers, FakeAiServer ai, RedisServer? redis)
    {
        _bootstrapServers = bootstrapServers;
        _redis = redis;
        Ai = ai;
        Results = new ResultTopicReader(bootstrapServers);
    }

    public FakeAiServer Ai { get; }

    public ResultTopicReader Results { get; }

    /// <summary>Reads answer-topic from the beginning, so asking for it late misses nothing.</summary>
    public AnswerTopicReader Answers => _answers ??= new AnswerTopicReader(_bootstrapServers);

    public RedisServer Redis => _redis ?? throw new InvalidOperationException("These servers were started without Redis.");

    public static async Task<HandlerTestServers> StartAsync(string bootstrapServers, bool withRedis = false)
    {
        var redis = withRedis ? await RedisServer.StartAsync() : null;
        try
        {
            return new HandlerTestServers(bootstrapServers, await FakeAiServer.StartAsync("ai-a"), redis);
        }
        catch
        {
            if (redis is not null)
            {
                await redis.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _answers?.Dispose();
        Results.Dispose();
        await Ai.DisposeAsync();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
