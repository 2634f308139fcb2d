using Cais.Linux.Commands;
using Cais.Metadata;

namespace Cais.Network.Dns;

/// <summary>How the engine reaches (and if need be starts) the resident resolver of its state.</summary>
public sealed record ResolverClientOptions
{
    public required NetworkRepository Networks { get; init; }

    /// <summary>The containers on the networks, as the resolver sees them (the container module reads its records).</summary>
    public required IDnsRecordSource Records { get; init; }

    public required string RunRoot { get; init; }

    /// <summary>
    /// The full command line that runs the daemon on this state (the cais binary with its --root/--runroot, then
    /// "system dns --daemon"); argv[0] must be an absolute path. Null: never start one (an engine not running as the
    /// published binary); a daemon already running is still told to sync.
    /// </summary>
    public IReadOnlyList<string>? DaemonCommand { get; init; }

    /// <summary>How long a sync may wait for a daemon to come up and answer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Starts the daemon; the composition root passes the engine's one runner.</summary>
    public ICommandRunner Commands { get; init; } = NativeCommandRunner.Instance;
}
