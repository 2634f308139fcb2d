using Cais.Linux.Commands;

namespace Cais.Runtime;

/// <summary>Where the monitor and the OCI runtime live, and which runc state root this engine owns.</summary>
public sealed record ConmonRuntimeOptions
{
    public string ConmonPath { get; init; } = "/usr/bin/conmon";

    public string RuntimePath { get; init; } = "/usr/sbin/runc";

    /// <summary>runc --root: a directory under our runroot, so our containers never mix with another engine's runc state.</summary>
    public required string RuntimeRoot { get; init; }

    /// <summary>How long create may take before it is abandoned and cleaned up (pulling nothing, just runc create).</summary>
    public TimeSpan CreateTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Starts conmon and runc; the composition root passes the engine's one runner.</summary>
    public ICommandRunner Commands { get; init; } = NativeCommandRunner.Instance;
}
