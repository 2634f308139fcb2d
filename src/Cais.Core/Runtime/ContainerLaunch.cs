using System.Runtime.InteropServices;

namespace Cais.Runtime;

/// <summary>
/// Everything conmon needs to create one container. The caller has written BundleDir/config.json and mounted the
/// rootfs. conmon also creates its attach socket ("attach") and control FIFOs ("ctl", "winsz") in BundleDir.
/// </summary>
public sealed record ContainerLaunch
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public required string BundleDir { get; init; }

    /// <summary>Container output in the k8s-file format ("TIMESTAMP stdout|stderr F|P line").</summary>
    public required string LogPath { get; init; }

    /// <summary>conmon writes ExitDir/&lt;Id&gt; with the exit code when the container ends.</summary>
    public required string ExitDir { get; init; }

    /// <summary>Per-container runtime files: pidfile, conmon.pid, oci-log (runc's JSON log), conmon.stderr.</summary>
    public required string RunDir { get; init; }

    public bool Terminal { get; init; }

    /// <summary>Keep a stdin pipe so an attached client can write to the container (ignored with Terminal: the tty is stdin).</summary>
    public bool Stdin { get; init; }

    /// <summary>Program plus arguments conmon runs after the container exited (e.g. `cais ... container cleanup ID`).</summary>
    public IReadOnlyList<string>? ExitCommand { get; init; }

    /// <summary>
    /// Seconds conmon waits after the exit before it runs <see cref="ExitCommand"/> (0: at once). A start with an
    /// attached waiter that cleans up itself (a foreground run) holds the command back: the waiter cleans up with no
    /// second cais process starting beside it on the CPU, then ends the idle monitor (its whole process group: conmon
    /// forks the delayed command's waiter), so the command never runs; if the waiter dies first, it still runs.
    /// </summary>
    public int ExitCommandDelaySeconds { get; init; }

    /// <summary>
    /// Handles conmon inherits and keeps open for as long as the container runs: the sockets that hold its published host
    /// ports, as Docker's proxy holds them. conmon passes no fd but stdio on to the runtime (runc is given no
    /// --preserve-fds) nor to its exit command, so the container never sees them. Borrowed: the caller still closes its copies.
    /// </summary>
    public IReadOnlyList<SafeHandle> HeldHandles { get; init; } = [];
}
