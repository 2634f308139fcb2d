namespace Cais.Common;

/// <summary>An error with a kind and a message meant for the user (Docker's wording where clients parse it).</summary>
public sealed class EngineException : Exception
{
    public EngineException(ErrorKind kind, string message, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
    }

    public ErrorKind Kind { get; }

    /// <summary>
    /// Whether Docker's client raises this error itself, checking the user's input before it calls the daemon (a bad
    /// <c>-p</c>, <c>-v</c> or image reference): such errors are printed without "Error response from daemon: ", and
    /// a future API answers them as a plain 400 because a Docker client would never have sent the request.
    /// </summary>
    public bool IsClientError { get; init; }

    public static EngineException NotFound(string message) => new(ErrorKind.NotFound, message);

    public static EngineException Invalid(string message) => new(ErrorKind.InvalidArgument, message);

    /// <summary>Invalid input that the docker CLI rejects itself, before asking the daemon (see <see cref="IsClientError"/>).</summary>
    public static EngineException InvalidInput(string message) => new(ErrorKind.InvalidArgument, message) { IsClientError = true };

    public static EngineException Conflict(string message) => new(ErrorKind.Conflict, message);
}
