namespace AiMesh.ServiceDefaults.Configuration;

/// <summary>Settings of a client integration whose server is named by a connection string.</summary>
public interface IConnectionStringSettings
{
    string? ConnectionString { get; set; }
}
