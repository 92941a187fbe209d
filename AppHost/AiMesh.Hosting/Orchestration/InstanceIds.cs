using System.Security.Cryptography;

namespace AiMesh.Hosting.Orchestration;

/// <summary>Aspire's replica suffix and <c>service.instance.id</c>: 8 random lowercase letters and digits.</summary>
internal static class InstanceIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string Create() => RandomNumberGenerator.GetString(Alphabet, 8);
}
