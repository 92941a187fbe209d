namespace AiMesh.Hosting;

public enum ResourceAnnotationMutationBehavior
{
    Append,

    /// <summary>Removes annotations of the same type first: for facts a resource has only once.</summary>
    Replace,
}
