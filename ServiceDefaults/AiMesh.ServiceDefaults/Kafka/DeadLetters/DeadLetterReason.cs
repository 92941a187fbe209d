namespace AiMesh.ServiceDefaults.Kafka.DeadLetters;

/// <summary>Why a message was given up on.</summary>
/// <param name="ErrorType">What kind of failure: an exception's type name, or a stable name such as <c>invalid-text</c>.</param>
/// <param name="Message">What went wrong, for the person who looks at the dead letter.</param>
/// <param name="Attempts">How many times handling was tried.</param>
public sealed record DeadLetterReason(string ErrorType, string Message, int Attempts)
{
    /// <summary>The reason an exception gives, after <paramref name="attempts"/> attempts.</summary>
    public static DeadLetterReason From(Exception exception, int attempts)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new DeadLetterReason(exception.GetType().FullName ?? exception.GetType().Name, exception.Message, attempts);
    }
}
