namespace Cais.Cli.Commands.Containers;

/// <summary>A --cidfile refusal: an error the docker CLI raises itself, printed without the daemon's prefix.</summary>
public sealed class ContainerIdFileException : Exception
{
    public ContainerIdFileException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
