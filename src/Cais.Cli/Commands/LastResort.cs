using Cais.Common;

namespace Cais.Cli.Commands;

/// <summary>
/// The last line of defence against a crash: whatever escapes a command (a bug, or a failure Core did not turn into an
/// <see cref="EngineException"/>), on the command's thread or any other, ends the process with one line naming the
/// problem and the command's failure exit code, never a stack trace and SIGABRT (exit 134).
/// </summary>
public static class LastResort
{
    private static string _prefix = "";
    private static int _exitCode = 1;
    private static int _installed;

    /// <summary>Catches exceptions that escape a thread of their own or a fire-and-forget task.</summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.UnhandledException += (_, args) =>
        {
            Report(args.ExceptionObject as Exception);
            Environment.Exit(Volatile.Read(ref _exitCode));
        };
        // A task nobody awaited must not end the process either (.NET's default, made explicit).
        TaskScheduler.UnobservedTaskException += (_, args) => args.SetObserved();
    }

    /// <summary>Records how the running command reports failures (its Docker prefix and exit code).</summary>
    public static void Arm(string prefix, int exitCode)
    {
        Volatile.Write(ref _prefix, prefix);
        Volatile.Write(ref _exitCode, exitCode);
    }

    /// <summary>One line naming the problem, as <see cref="ErrorPrinter"/> prints it for the running command.</summary>
    public static string Line(Exception? exception) => ErrorPrinter.UnexpectedLine(Volatile.Read(ref _prefix), exception);

    private static void Report(Exception? exception)
    {
        try
        {
            Console.Error.WriteLine(Line(exception));
            Console.Error.Flush();
        }
        catch (IOException)
        {
            // stderr is gone: the exit code still tells.
        }
    }
}
