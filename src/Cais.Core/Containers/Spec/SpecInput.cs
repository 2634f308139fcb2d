using Cais.Containers.Security;
using Cais.Oci.Image;

namespace Cais.Containers.Spec;

/// <summary>Everything the spec generator needs: the image's run defaults plus what the user asked for.</summary>
public sealed record SpecInput
{
    public required string ContainerId { get; init; }

    /// <summary>Host path of the prepared root filesystem.</summary>
    public required string RootfsPath { get; init; }

    /// <summary>The image's run defaults (image config "config"); null for none.</summary>
    public ContainerDefaults? Image { get; init; }

    /// <summary>User command; empty means the image's Cmd (unless the entrypoint is overridden).</summary>
    public IReadOnlyList<string> Cmd { get; init; } = [];

    /// <summary>
    /// Entrypoint override. Null keeps the image's. <c>[""]</c> (the CLI's <c>--entrypoint ""</c>) clears it.
    /// Any override drops the image's Cmd, as Docker does. An empty list (API <c>"Entrypoint": []</c>) clears
    /// the entrypoint but, like Docker, still lets the image's Cmd apply when no Cmd is given.
    /// </summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    /// <summary>User environment as KEY=VALUE, already resolved; a bare KEY removes that variable.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    public string? WorkingDir { get; init; }

    /// <summary>"uid", "uid:gid", "name", "name:group", ...; null uses the image's, then root.</summary>
    public string? User { get; init; }

    /// <summary>Container hostname; defaults to the first 12 characters of the container ID.</summary>
    public string? Hostname { get; init; }

    public bool Terminal { get; init; }

    public bool Privileged { get; init; }

    public bool ReadonlyRootfs { get; init; }

    /// <summary>Capability names, with or without the CAP_ prefix, or "ALL".</summary>
    public IReadOnlyList<string> CapAdd { get; init; } = [];

    public IReadOnlyList<string> CapDrop { get; init; } = [];

    /// <summary>--security-opt, parsed (no-new-privileges, seccomp profile or unconfined, AppArmor profile).</summary>
    public SecurityOptions Security { get; init; } = SecurityOptions.None;

    public NetworkMode NetworkMode { get; init; } = NetworkMode.None;

    public string? NetworkNamespacePath { get; init; }

    public IReadOnlyList<ContainerMount> Mounts { get; init; } = [];

    /// <summary>Host files bind-mounted over /etc/hosts, /etc/hostname and /etc/resolv.conf when set.</summary>
    public string? EtcHostsPath { get; init; }

    public string? EtcHostnamePath { get; init; }

    public string? ResolvConfPath { get; init; }

    /// <summary>Cgroup path handed to the runtime, e.g. "/cais/&lt;id&gt;".</summary>
    public string? CgroupsPath { get; init; }

    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>--domainname: set as the kernel.domainname sysctl of the container's UTS namespace.</summary>
    public string? Domainname { get; init; }

    /// <summary>--pid, --ipc and --uts: a new namespace unless the host's or another container's is asked for.</summary>
    public NamespaceChoice Pid { get; init; } = NamespaceChoice.Own;

    public NamespaceChoice Ipc { get; init; } = NamespaceChoice.Own;

    public NamespaceChoice Uts { get; init; } = NamespaceChoice.Own;

    /// <summary>The /dev/shm the IPC mode gives the container.</summary>
    public ShmChoice Shm { get; init; } = ShmChoice.OwnTmpfs;
}
