namespace AiMesh.Hosting.ApplicationModel;

/// <summary>Where one replica's endpoint really listens.</summary>
public sealed record AllocatedEndpoint(string Scheme, string Host, int Port)
{
    public string Url => Scheme == "tcp" ? $"{Host}:{Port}" : $"{Scheme}://{Host}:{Port}";

    public Uri Uri => new($"{(Scheme == "tcp" ? "tcp" : Scheme)}://{Host}:{Port}");
}
