using System.Text.Json;
using Cais.Common;

namespace Cais.Runtime;

/// <summary>Turns runc's error text into errors the CLI and API can map (Docker's 127/126, 404, 409).</summary>
internal static class RuncErrors
{
    public const int CommandNotFoundExitCode = 127;
    public const int CommandNotExecutableExitCode = 126;

    /// <summary>Docker's exit code for a command that could not be started, or null when the failure is something else.</summary>
    public static int? CommandExitCode(string message)
    {
        // Only errors about starting the process count: a missing mount source also says "no such file or directory".
        var aboutExec = message.Contains("exec:", StringComparison.Ordinal)
            || message.Contains("exec failed", StringComparison.Ordinal)
            || message.Contains("starting container process", StringComparison.Ordinal)
            || message.Contains("exec ", StringComparison.Ordinal);
        if (message.Contains("executable file not found", StringComparison.Ordinal))
        {
            return CommandNotFoundExitCode;
        }

        if (!aboutExec)
        {
            return null;
        }

        if (message.Contains("no such file or directory", StringComparison.Ordinal)
            || message.Contains("not a directory", StringComparison.Ordinal))
        {
            return CommandNotFoundExitCode;
        }

        if (message.Contains("permission denied", StringComparison.Ordinal)
            || message.Contains("exec format error", StringComparison.Ordinal)
            || message.Contains("is a directory", StringComparison.Ordinal))
        {
            return CommandNotExecutableExitCode;
        }

        return null;
    }

    /// <summary>The exception for a failed runc operation; <paramref name="message"/> is runc's own error text.</summary>
    public static EngineException ToException(string message)
    {
        message = message.Trim();
        switch (CommandExitCode(message))
        {
            case CommandNotFoundExitCode:
                return new EngineException(ErrorKind.NotFound, message, new CommandLaunchException(CommandNotFoundExitCode, message));
            case CommandNotExecutableExitCode:
                return new EngineException(ErrorKind.PermissionDenied, message, new CommandLaunchException(CommandNotExecutableExitCode, message));
        }

        if (IsMissingContainer(message))
        {
            return new EngineException(ErrorKind.NotFound, message);
        }

        if (message.Contains("not running", StringComparison.Ordinal)
            || message.Contains("process already finished", StringComparison.Ordinal)
            || message.Contains("cannot start a container that has stopped", StringComparison.Ordinal)
            || message.Contains("cannot start an already running container", StringComparison.Ordinal))
        {
            return new EngineException(ErrorKind.Conflict, message);
        }

        return new EngineException(ErrorKind.Unknown, message.Length == 0 ? "OCI runtime failed without a message" : message);
    }

    public static bool IsMissingContainer(string message) =>
        message.Contains("does not exist", StringComparison.Ordinal)
        || message.Contains("container not found", StringComparison.Ordinal);

    /// <summary>The last error message in a runc --log-format json file, or null when there is none.</summary>
    public static string? LastLoggedError(string logPath)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(logPath);
        }
        catch (IOException)
        {
            return null;
        }

        string? last = null;
        foreach (var line in lines)
        {
            if (line.Length == 0 || line[0] != '{')
            {
                continue;
            }

            try
            {
                var entry = JsonSerializer.Deserialize(line, RuntimeJsonContext.Default.RuncLogEntry);
                if (entry?.Msg is { Length: > 0 } msg && entry.Level is "error" or "fatal" or "panic")
                {
                    last = msg;
                }
            }
            catch (JsonException)
            {
                // A torn or foreign line in the log must not hide the real error.
            }
        }

        return last;
    }
}
