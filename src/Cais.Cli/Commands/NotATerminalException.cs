namespace Cais.Cli.Commands;

/// <summary>
/// The docker CLI's refusal of <c>-it</c> (run, exec) when standard input is not a terminal: raw mode and a pseudo-TTY
/// need one, and without this check the session would wait on input that never comes. Printed as it is, exit 1, and
/// raised before anything is created.
/// </summary>
public sealed class NotATerminalException : Exception
{
    public NotATerminalException()
        : base("the input device is not a TTY")
    {
    }

    public NotATerminalException(string message)
        : base(message)
    {
    }

    public NotATerminalException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Docker's check: an attached stdin with a TTY needs a terminal on stdin.</summary>
    public static void ThrowIfNeeded(bool attachStdin, bool tty)
    {
        if (attachStdin && tty && !CommandEnvironment.Current.InputIsTerminal())
        {
            throw new NotATerminalException();
        }
    }
}
