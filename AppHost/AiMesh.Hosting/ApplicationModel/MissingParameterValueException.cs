namespace AiMesh.Hosting.ApplicationModel;

public sealed class MissingParameterValueException(string message) : Exception(message);
