namespace Cais.Containers.Logs;

/// <summary>
/// Where reading starts: <paramref name="Offset"/> is the first byte to read; a record of stdout before
/// <paramref name="StdoutFrom"/> (stderr before <paramref name="StderrFrom"/>) belongs to a line before the tail and is
/// skipped, while the other stream's pieces in between belong to lines of the tail.
/// </summary>
internal readonly record struct LogStart(long Offset, long StdoutFrom, long StderrFrom)
{
    public static LogStart At(long offset) => new(offset, offset, offset);

    public long From(bool isStderr) => isStderr ? StderrFrom : StdoutFrom;
}
