namespace Cais.Containers.Logs;

/// <summary>One line of container output as conmon logged it.</summary>
public sealed record LogEntry(DateTimeOffset Time, bool IsStderr, string Text, bool Partial);
