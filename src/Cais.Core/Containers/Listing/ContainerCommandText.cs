namespace Cais.Containers.Listing;

/// <summary>
/// The Command of a container's list row as Docker's daemon writes it: the program and its arguments joined by
/// spaces, an argument holding a space wrapped in single quotes (<c>sh -c 'exit 2'</c>) and nothing escaped, so
/// clients read the same text from the CLI and the API.
/// </summary>
public static class ContainerCommandText
{
    public static string Of(IReadOnlyList<string> argv)
    {
        ArgumentNullException.ThrowIfNull(argv);
        return string.Join(' ', argv.Select((arg, i) => i > 0 && arg.Contains(' ', StringComparison.Ordinal) ? $"'{arg}'" : arg));
    }
}
