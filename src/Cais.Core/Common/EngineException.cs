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

    public static EngineException NotFound(string message) => new(ErrorKind.NotFound, message);

    public static EngineException Invalid(string message) => new(ErrorKind.InvalidArgument, message);

    public static EngineException Conflict(string message) => new(ErrorKind.Conflict, message);
}
