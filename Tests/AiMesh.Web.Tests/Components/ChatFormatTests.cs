using AiMesh.Web.Chat;
using AiMesh.Web.Components.Chat;
using AiMesh.Web.Tests.TestSupport;

namespace AiMesh.Web.Tests.Components;

public sealed class ChatFormatTests
{
    [Theory]
    [InlineData(ChatEntryState.Sending, "sending")]
    [InlineData(ChatEntryState.Accepted, "accepted")]
    [InlineData(ChatEntryState.Streaming, "streaming")]
    [InlineData(ChatEntryState.Complete, "complete")]
    [InlineData(ChatEntryState.Failed, "failed")]
    public void TheStateReadsAsTheBrowserTestsExpect(ChatEntryState state, string shown)
    {
        Assert.Equal(shown, ChatFormat.State(state));
    }

    [Theory]
    [InlineData(12L, 85L, "12 in, 85 out")]
    [InlineData(12L, null, "12 in")]
    [InlineData(null, 85L, "85 out")]
    [InlineData(null, null, null)]
    public void TokensReadAsReported(long? input, long? output, string? shown)
    {
        Assert.Equal(shown, ChatFormat.Tokens(input, output));
    }

    [Theory]
    [InlineData(1432.0, "1.4 s")]
    [InlineData(87.4, "87 ms")]
    [InlineData(null, null)]
    [InlineData(double.NaN, null)]
    public void TheProvidersLatencyReadsLikeOtherLatencies(double? milliseconds, string? shown)
    {
        Assert.Equal(shown, ChatFormat.Latency(milliseconds));
    }

    [Fact]
    public void AnLlmsAnswerIsToldFromABuiltInModelsLabel()
    {
        Assert.True(ChatFormat.IsLlmAnswer(TestResults.Answer(Guid.NewGuid(), "text")));
        Assert.False(ChatFormat.IsLlmAnswer(TestResults.Now("positive")));
    }

    [Fact]
    public void AMessageWithoutAModelWentToTheDefault()
    {
        Assert.Equal("the default model", ChatFormat.Model(null));
        Assert.Equal("llm", ChatFormat.Model("llm"));
    }
}
