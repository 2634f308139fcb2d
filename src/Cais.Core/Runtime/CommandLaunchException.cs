namespace Cais.Runtime;

/// <summary>
/// Inner exception of the EngineException thrown when the container's command cannot be run. It carries the exit
/// code Docker uses for that case: 127 (not found) or 126 (found but cannot be executed).
/// </summary>
public sealed class CommandLaunchException : Exception
{
    public CommandLaunchException()
    {
    }

    public CommandLaunchException(string message)
        : base(message)
    {
    }

    public CommandLaunchException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public CommandLaunchException(int exitCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }

    /// <summary>127/126 when <paramref name="error"/> (or its inner chain) says the command could not be run, else null.</summary>
    public static int? ExitCodeOf(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is CommandLaunchException launch)
            {
                return launch.ExitCode;
            }
        }

        return null;
    }
}
