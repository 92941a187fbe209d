using AiMesh.Ai.Models;
using AiMesh.Ai.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace AiMesh.Ai.Tests;

public sealed class AiOptionsValidatorTests
{
    private static readonly AiOptionsValidator s_validator = new(
        new ServiceCollection().AddSingleton<IInferenceModel>(new FixedAnswerModel("sentiment")).BuildServiceProvider());

    [Fact]
    public void TheDefaultsAreValid() =>
        Assert.True(s_validator.Validate(null, new AiOptions()).Succeeded);

    [Fact]
    public void ADefaultModelThatIsNotRegisteredFails()
    {
        var result = s_validator.Validate(null, new AiOptions { DefaultModel = "llm" });

        Assert.True(result.Failed);
        Assert.Contains("'llm'", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("sentiment", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void AMaxTextLengthBelowOneFails(int maxTextLength)
    {
        var result = s_validator.Validate(null, new AiOptions { MaxTextLength = maxTextLength });

        Assert.True(result.Failed);
        Assert.Contains("Ai:MaxTextLength", result.FailureMessage, StringComparison.Ordinal);
    }
}
