namespace AiMesh.Ingest.Tests.Infrastructure;

/// <summary>How <see cref="FakeAi"/> answers <c>GET /api/models</c>.</summary>
public enum FakeAiAnswer
{
    /// <summary>200 with <see cref="FakeAi.ModelListJson"/>.</summary>
    ModelList,

    /// <summary>500 problem details, as a replica that broke would.</summary>
    ServerError,

    /// <summary>200 with an HTML page: something else answering on Ai's address.</summary>
    NotJson,

    /// <summary>200 with JSON that is not a model list.</summary>
    NotAModelList,

    /// <summary>Nothing, until the caller gives up.</summary>
    Hang,
}
