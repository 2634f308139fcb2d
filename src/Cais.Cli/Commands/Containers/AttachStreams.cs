namespace Cais.Cli.Commands.Containers;

/// <summary>
/// The docker CLI's -a/--attach: which of the container's streams a foreground run attaches (recorded as
/// Config.AttachStdin/Stdout/Stderr). Without -a, stdout and stderr; -i always adds stdin; -d attaches none.
/// </summary>
public sealed record AttachStreams(bool Stdin, bool Stdout, bool Stderr)
{
    /// <summary>The flag's value check: a stream name in any case.</summary>
    public static string? Check(string value) =>
        value.ToUpperInvariant() is "STDIN" or "STDOUT" or "STDERR" ? null : "valid streams are STDIN, STDOUT and STDERR";

    public static AttachStreams Resolve(IReadOnlyList<string> attach, bool interactive, bool detach)
    {
        ArgumentNullException.ThrowIfNull(attach);
        if (detach)
        {
            return new AttachStreams(false, false, false);
        }

        if (attach.Count == 0)
        {
            return new AttachStreams(interactive, true, true);
        }

        bool Named(string stream) => attach.Any(a => string.Equals(a, stream, StringComparison.OrdinalIgnoreCase));
        return new AttachStreams(interactive || Named("stdin"), Named("stdout"), Named("stderr"));
    }
}
