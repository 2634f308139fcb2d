namespace Cais.Runtime;

/// <summary>How a container ended, from conmon's exit file.</summary>
/// <param name="ExitCode">The process' exit code, 128+signal when it was killed (137 for SIGKILL, as Docker reports).</param>
/// <param name="ExitedAt">When conmon recorded the exit (the exit file's modification time).</param>
/// <param name="MonitorLost">conmon died without writing an exit file; ExitCode is then 255 and the real outcome unknown.</param>
public sealed record ContainerExit(int ExitCode, DateTimeOffset ExitedAt, bool MonitorLost = false);
