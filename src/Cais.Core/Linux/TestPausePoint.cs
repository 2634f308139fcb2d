namespace Cais.Linux;

/// <summary>
/// Test-only fault hook. When the environment variable <c>CAIS_TEST_PAUSE_AT</c> names a point, the cais process stops
/// itself (SIGSTOP) on reaching it, so a crash test can SIGKILL it at exactly that step; the crash windows of a
/// multi-step operation cannot be hit reliably from outside by timing. The variable is read once; unset, a point
/// costs one null comparison. Conmon's exit command and the resolver daemon inherit the environment of the cais that
/// started them, so a test sets it only on the one command it means to stop.
/// </summary>
public static class TestPausePoint
{
    /// <summary>Start: the runtime has created the container (conmon and runc init exist), runc start not yet called.</summary>
    public const string BeforeRuntimeStart = "start-before-runtime-start";

    /// <summary>Remove: the container is dead and its exit file deleted, its record not yet removed.</summary>
    public const string RemoveAfterExitFile = "rm-after-exit-file";

    private const int SigStop = 19;

    private static readonly string? s_pauseAt = Environment.GetEnvironmentVariable("CAIS_TEST_PAUSE_AT");

    public static void Reach(string point)
    {
        if (s_pauseAt is not null && string.Equals(s_pauseAt, point, StringComparison.Ordinal))
        {
            NativeProcess.Kill(Environment.ProcessId, SigStop);
        }
    }
}
