namespace Cais.Containers.Logs;

/// <summary>
/// One line of container output as conmon logged it, with the time of its first piece. <paramref name="Partial"/> marks
/// text that is printed without a newline: the line the log ends with when the container wrote no final newline, or a
/// 16 KiB piece of a longer line (the rest follows in later entries of the same stream, as Docker splits them).
/// </summary>
public sealed record LogEntry(DateTimeOffset Time, bool IsStderr, string Text, bool Partial);
