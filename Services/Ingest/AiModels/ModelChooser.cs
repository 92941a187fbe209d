using AiMesh.Ingest.Submissions;

namespace AiMesh.Ingest.AiModels;

/// <summary>
/// Checks the model a submission names against Ai's list (<see cref="ModelListCache"/>) before anything is
/// published: a built-in model, or an LLM model Ai says can answer, is chosen under its canonical name;
/// an LLM model that cannot answer, an unknown name, or a value that names no model is refused (400)
/// with the models that can be chosen. A submission naming no model never asks Ai.
/// </summary>
internal sealed class ModelChooser(ModelListCache models)
{
    public async Task<ModelChoice> ChooseAsync(RequestedModel? requested, CancellationToken cancellationToken)
    {
        if (requested is null)
        {
            return ModelChoice.Default;
        }

        AiModelList list;
        try
        {
            list = await models.GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AiModelListUnavailableException exception)
        {
            // A value that can name no model is the client's mistake whatever Ai's state: a 400 still,
            // only without the choices. A name, though, may be right: only Ai can say, so a 503.
            return requested.Fault is { } unlistedFault
                ? ModelChoice.Refused(SubmissionError.ModelUnusable(unlistedFault, $"The models that can be chosen cannot be listed now: {exception.Message}"))
                : ModelChoice.CannotAskAi(exception.Message);
        }

        if (requested.Fault is { } fault)
        {
            return ModelChoice.Refused(SubmissionError.ModelUnusable(fault, list.DescribeChoices()));
        }

        var name = requested.Name!;
        return list.Find(name) switch
        {
            null => ModelChoice.Refused(SubmissionError.ModelUnknown(name.Trim(), list.DescribeChoices())),
            { Available: false } unavailable => ModelChoice.Refused(SubmissionError.ModelUnavailable(unavailable.Name, unavailable.UnavailableReason, list.DescribeChoices())),
            { } model => ModelChoice.Chosen(model.Name),
        };
    }
}
