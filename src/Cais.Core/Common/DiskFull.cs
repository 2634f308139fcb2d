namespace Cais.Common;

/// <summary>
/// Recognises a full disk (ENOSPC, SQLite's "database or disk is full") behind whatever wraps it, so that callers can
/// tell it from a broken connection: a pull that ran out of space must drop its partial downloads instead of keeping
/// them for a resume, and say that the disk is full.
/// </summary>
public static class DiskFull
{
    private const int ENOSPC = 28;
    private const int EDQUOT = 122;

    public static bool Caused(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is IOException { HResult: ENOSPC or EDQUOT }
                || e.Message.Contains("No space left on device", StringComparison.Ordinal)
                || e.Message.Contains("Disk quota exceeded", StringComparison.Ordinal)
                || e.Message.Contains("database or disk is full", StringComparison.Ordinal))
            {
                return true;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(Caused))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The one error a command reports when it ran out of space, whichever write hit it.</summary>
    public static EngineException Error(string what, Exception cause) =>
        new(ErrorKind.Unavailable, $"{what}: no space left on device (the disk holding the cais state is full)", cause);
}
