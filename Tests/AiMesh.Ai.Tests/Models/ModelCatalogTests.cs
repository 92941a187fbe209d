using AiMesh.Ai.Models;
using AiMesh.Ai.Models.Sentiment;
using AiMesh.Ai.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AiMesh.Ai.Tests.Models;

public sealed class ModelCatalogTests
{
    private static ModelCatalog Catalog(string defaultModel, params IInferenceModel[] models) =>
        new(models, Options.Create(new AiOptions { DefaultModel = defaultModel }));

    [Theory]
    [InlineData("sentiment")]
    [InlineData("SENTIMENT")]
    [InlineData(" Sentiment ")]
    public void ModelsAreFoundByNameIgnoringCase(string name)
    {
        var catalog = Catalog("sentiment", new FixedAnswerModel("sentiment"), new FixedAnswerModel("other"));

        Assert.True(catalog.TryFind(name, out var model));
        Assert.Equal("sentiment", model.Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void NoNameMeansTheDefault(string? name)
    {
        var catalog = Catalog("other", new FixedAnswerModel("sentiment"), new FixedAnswerModel("other"));

        Assert.True(catalog.TryFind(name, out var model));
        Assert.Same(catalog.Default, model);
        Assert.Equal("other", model.Name);
    }

    [Fact]
    public void AnUnknownNameIsNotFound()
    {
        var catalog = Catalog("sentiment", new FixedAnswerModel("sentiment"));

        Assert.False(catalog.TryFind("gpt", out var model));
        Assert.Null(model);
    }

    [Fact]
    public void ModelsAreListedByName()
    {
        var catalog = Catalog("b", new FixedAnswerModel("c"), new FixedAnswerModel("A"), new FixedAnswerModel("b"));

        Assert.Equal(["A", "b", "c"], catalog.Models.Select(model => model.Name));
        Assert.Equal("A, b, c", catalog.NameList);
    }

    [Fact]
    public void TwoModelsWithOneNameAreRefused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Catalog("x", new FixedAnswerModel("x"), new FixedAnswerModel("X")));

        Assert.Contains("'X'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADefaultThatIsNotRegisteredIsRefused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Catalog("missing", new FixedAnswerModel("sentiment")));

        Assert.Contains("'missing'", error.Message, StringComparison.Ordinal);
        Assert.Contains("sentiment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddInferenceModelRegistersEachModelTypeOnce()
    {
        var services = new ServiceCollection()
            .AddInferenceModel<LexiconSentimentModel>()
            .AddInferenceModel<EchoModel>()
            .AddInferenceModel<LexiconSentimentModel>();
        using var provider = services.BuildServiceProvider();

        var models = provider.GetServices<IInferenceModel>().ToArray();

        Assert.Equal(["sentiment-lexicon", "echo"], models.Select(model => model.Name));
        Assert.Same(models[0], provider.GetServices<IInferenceModel>().First());
    }
}
