using System.Text.Json;
using AiMesh.Contracts;
using AiMesh.Results.Consuming;
using AiMesh.Results.Tests.Infrastructure;

namespace AiMesh.Results.Tests.Consuming;

public sealed class ResultMessageCheckTests
{
    [Fact]
    public void ACompleteResultHasNoProblem() =>
        Assert.Null(ResultMessageCheck.FindProblem(TestResults.Create()));

    [Fact]
    public void AnEmptyTextIsStillAResult() =>
        Assert.Null(ResultMessageCheck.FindProblem(TestResults.Create(text: "")));

    [Fact]
    public void JsonWithoutAnIdIsRefused()
    {
        var result = JsonSerializer.Deserialize("""{"text":"t","label":"l","model":"m","inferenceInstance":"i","aiInstance":"a"}""", ContractsJsonContext.Default.InferenceResult)!;

        Assert.Equal("it has no id", ResultMessageCheck.FindProblem(result));
    }

    [Fact]
    public void JsonWithoutTheTextFieldsNamesEachMissingOne()
    {
        var result = JsonSerializer.Deserialize($$"""{"id":"{{Guid.NewGuid()}}","text":"t","model":"m"}""", ContractsJsonContext.Default.InferenceResult)!;

        Assert.Equal("it has no label, inferenceInstance, aiInstance", ResultMessageCheck.FindProblem(result));
    }
}
