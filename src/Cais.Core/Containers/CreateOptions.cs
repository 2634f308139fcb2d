using Cais.Metadata;
using Cais.Network.Ports;

namespace Cais.Containers;

/// <summary>What <c>cais create</c>/<c>run</c> asks for, after the CLI has parsed flags and env files.</summary>
public sealed record CreateOptions
{
    public required string Image { get; init; }

    public string? Name { get; init; }

    /// <summary>Command after the image name; empty means the image's Cmd.</summary>
    public IReadOnlyList<string> Cmd { get; init; } = [];

    /// <summary>null keeps the image's entrypoint; "" clears it.</summary>
    public string? Entrypoint { get; init; }

    public IReadOnlyList<string> Env { get; init; } = [];

    public string? WorkingDir { get; init; }

    public string? User { get; init; }

    public string? Hostname { get; init; }

    public bool Tty { get; init; }

    public bool OpenStdin { get; init; }

    public bool AutoRemove { get; init; }

    /// <summary>
    /// The first --network: "bridge" (the default network, the default), "none", "host", "container:NAME|ID", or a user
    /// network's name or ID.
    /// </summary>
    public string NetworkMode { get; init; } = "bridge";

    /// <summary>--ip on the first network.</summary>
    public string? IpAddress { get; init; }

    /// <summary>--network-alias on the first network.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Further --network values (a container may join several bridge networks at create).</summary>
    public IReadOnlyList<NetworkRequest> AdditionalNetworks { get; init; } = [];

    /// <summary>--dns nameserver addresses.</summary>
    public IReadOnlyList<string> Dns { get; init; } = [];

    /// <summary>--dns-search domains.</summary>
    public IReadOnlyList<string> DnsSearch { get; init; } = [];

    /// <summary>--dns-option resolver options.</summary>
    public IReadOnlyList<string> DnsOptions { get; init; } = [];

    /// <summary>--add-host NAME:IP entries (IP may be "host-gateway").</summary>
    public IReadOnlyList<string> ExtraHosts { get; init; } = [];

    /// <summary>
    /// Published ports (-p/--publish, the API's PortBindings), one binding per container port: front doors parse their
    /// own syntax (<see cref="PortSpec.ParseAll"/> for Docker's [IP:][HOST_PORT:]CONTAINER_PORT[/PROTO]) into these.
    /// </summary>
    public IReadOnlyList<PortBinding> Publish { get; init; } = [];

    /// <summary>-P/--publish-all: every exposed port of the image on a random host port.</summary>
    public bool PublishAll { get; init; }

    /// <summary>Mounts (-v, parsed at the front door): binds today; volumes and tmpfs are refused until supported.</summary>
    public IReadOnlyList<Spec.ContainerMount> Mounts { get; init; } = [];

    public bool Privileged { get; init; }

    public IReadOnlyList<string> CapAdd { get; init; } = [];

    public IReadOnlyList<string> CapDrop { get; init; } = [];

    public IReadOnlyList<string> SecurityOpt { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public string? StopSignal { get; init; }

    public int? StopTimeout { get; init; }

    /// <summary>--expose values ("80", "7000-7002/udp"), merged with the image's exposed ports (and published by -P).</summary>
    public IReadOnlyList<string> Expose { get; init; } = [];

    /// <summary>--domainname: the UTS domain name (Config.Domainname).</summary>
    public string? Domainname { get; init; }

    /// <summary>Config.AttachStdin/AttachStdout/AttachStderr: the streams a foreground client attaches (-a, -i, -d).</summary>
    public bool AttachStdin { get; init; }

    public bool AttachStdout { get; init; } = true;

    public bool AttachStderr { get; init; } = true;

    /// <summary>--pid: "" (a new namespace), "host" or "container:NAME|ID".</summary>
    public string? PidMode { get; init; }

    /// <summary>--ipc: "" or "private" (the default), "shareable", "none", "host" or "container:NAME|ID".</summary>
    public string? IpcMode { get; init; }

    /// <summary>--uts: "" (a new namespace) or "host".</summary>
    public string? UtsMode { get; init; }

    /// <summary>--cidfile, recorded for inspect (HostConfig.ContainerIDFile); the client writes the file.</summary>
    public string? ContainerIdFile { get; init; }

    /// <summary>Close stdin when the attached client disconnects (docker run -i, attached).</summary>
    public bool StdinOnce { get; init; }
}
