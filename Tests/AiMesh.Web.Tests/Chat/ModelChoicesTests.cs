using System.Text.Json;
using AiMesh.Web.Chat;
using AiMesh.Web.Clients;
using AiMesh.Web.Tests.TestSupport;

namespace AiMesh.Web.Tests.Chat;

/// <summary>The chat's model picker, made from Ingest's <c>GET /api/models</c>.</summary>
public sealed class ModelChoicesTests
{
    private static readonly ModelList s_withUnavailableLlm =
        JsonSerializer.Deserialize(FakeIngestServer.ModelsWithUnavailableLlm, WebJsonContext.Default.ModelList)!;

    [Fact]
    public void BuiltInAndLlmModelsAreListedApart()
    {
        var choices = ModelChoices.From(s_withUnavailableLlm);

        Assert.Equal(["sentiment", "sentiment-fast"], choices.BuiltIn.Select(choice => choice.Name));
        Assert.Equal(["llm"], choices.Llms.Select(choice => choice.Name));
        Assert.True(choices.IsLlm("llm"));
        Assert.False(choices.IsLlm("sentiment"));
    }

    [Fact]
    public void AnUnavailableLlmIsShownDisabledWithItsReason()
    {
        var llm = Assert.Single(ModelChoices.From(s_withUnavailableLlm).Llms);

        Assert.False(llm.Enabled);
        Assert.Equal("llm (unavailable)", llm.Label);
        Assert.Equal("llm is unavailable: No API key is configured: set the AppHost's llm-api-key parameter", llm.Note);
    }

    [Fact]
    public void TheReasonsAreAmongTheNotesThePageSpellsOut()
    {
        var noted = Assert.Single(ModelChoices.From(s_withUnavailableLlm).Noted);

        Assert.Equal("llm", noted.Name);
    }

    [Fact]
    public void AnUnavailableLlmWithoutAReasonSaysSo()
    {
        var models = s_withUnavailableLlm with { Llms = [s_withUnavailableLlm.Llms[0] with { UnavailableReason = null }] };

        Assert.Equal("llm is unavailable: Ingest gave no reason.", ModelChoices.From(models).Llms[0].Note);
    }

    [Fact]
    public void AnAvailableLlmNamesItsProviderModelsAndItsLastFailure()
    {
        var models = s_withUnavailableLlm with
        {
            Llms = [s_withUnavailableLlm.Llms[0] with { Available = true, UnavailableReason = null, LastFailure = "429 Too Many Requests" }],
        };

        var llm = ModelChoices.From(models).Llms[0];

        Assert.True(llm.Enabled);
        Assert.Equal("llm (LLM: openai/gpt-4o-mini)", llm.Label);
        Assert.Equal("llm's last call failed: 429 Too Many Requests", llm.Note);
    }

    [Fact]
    public void TheDefaultIsMarkedWithItsAccuracy()
    {
        var choices = ModelChoices.From(s_withUnavailableLlm);

        Assert.Equal("sentiment (91.2 % accurate), default", choices.BuiltIn[0].Label);
        Assert.Equal("sentiment-fast", choices.BuiltIn[1].Label);
    }

    [Fact]
    public void ABuiltInModelStillLoadingCanBePickedWithANote()
    {
        var models = s_withUnavailableLlm with { Models = [s_withUnavailableLlm.Models[1] with { Ready = false }] };

        var choice = Assert.Single(ModelChoices.From(models).BuiltIn);

        Assert.True(choice.Enabled);
        Assert.Contains("still loading", choice.Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sentiment-fast", "sentiment-fast")]
    [InlineData(null, "sentiment")]
    [InlineData("llm", "sentiment")]
    [InlineData("a-model-since-removed", "sentiment")]
    public void TheSelectionFallsBackToTheDefaultWhenThePickCannotBeUsed(string? wanted, string selected)
    {
        Assert.Equal(selected, ModelChoices.From(s_withUnavailableLlm).Select(wanted));
    }

    [Fact]
    public void AnAvailableLlmCanBeSelected()
    {
        var models = s_withUnavailableLlm with { Llms = [s_withUnavailableLlm.Llms[0] with { Available = true }] };

        Assert.Equal("llm", ModelChoices.From(models).Select("llm"));
    }
}
