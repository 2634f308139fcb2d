namespace Cais.Metadata;

/// <summary>
/// Everything stored about one container. The container service owns its meaning and transitions;
/// the repository only persists it.
/// </summary>
public sealed record ContainerRecord
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string ImageId { get; init; }

    /// <summary>The image as the user named it ("busybox"), shown by ps.</summary>
    public required string ImageName { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required ContainerSettings Settings { get; init; }

    public ContainerStateRecord State { get; init; } = new();

    /// <summary>Path and Args as Docker's inspect shows them: the resolved entrypoint + cmd.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Storage driver used for the rootfs ("overlay" or "vfs").</summary>
    public string StorageDriver { get; init; } = "overlay";

    public int RestartCount { get; init; }
}

/// <summary>What the user asked for at create time (plus what the image supplied), kept for inspect and restarts.</summary>
public sealed record ContainerSettings
{
    public IReadOnlyList<string>? Cmd { get; init; }

    public IReadOnlyList<string>? Entrypoint { get; init; }

    public IReadOnlyList<string> Env { get; init; } = [];

    public string? WorkingDir { get; init; }

    public string? User { get; init; }

    public string Hostname { get; init; } = "";

    public bool Tty { get; init; }

    public bool OpenStdin { get; init; }

    public bool AutoRemove { get; init; }

    public bool Privileged { get; init; }

    /// <summary>
    /// Docker's HostConfig.NetworkMode as given at create: "none", "host", "container:&lt;id&gt;", or the name of the
    /// first network joined (the container then has its own namespace, even when later disconnected from all).
    /// </summary>
    public string NetworkMode { get; init; } = "none";

    /// <summary>
    /// The networks joined, in order, each on the next interface (eth0, eth1, ...): the list given at create, changed
    /// by `network connect` and `disconnect`. Published ports go to the first.
    /// </summary>
    public IReadOnlyList<NetworkRequest> Networks { get; init; } = [];

    /// <summary>--dns: nameservers; on user-defined networks the embedded resolver forwards to them.</summary>
    public IReadOnlyList<string> Dns { get; init; } = [];

    /// <summary>--dns-search domains.</summary>
    public IReadOnlyList<string> DnsSearch { get; init; } = [];

    /// <summary>--dns-option options (resolv.conf "options").</summary>
    public IReadOnlyList<string> DnsOptions { get; init; } = [];

    /// <summary>--add-host entries, "NAME:IP" with host-gateway already resolved.</summary>
    public IReadOnlyList<string> ExtraHosts { get; init; } = [];

    /// <summary>-p bindings (and -P's, resolved against the image at create), host port 0 meaning any.</summary>
    public IReadOnlyList<PublishedPort> PortBindings { get; init; } = [];

    public bool PublishAll { get; init; }

    /// <summary>Exposed port keys ("80/tcp") from the image, kept for inspect's Ports map.</summary>
    public IReadOnlyList<string> ExposedPorts { get; init; } = [];

    public IReadOnlyList<string> Binds { get; init; } = [];

    public IReadOnlyList<string> CapAdd { get; init; } = [];

    public IReadOnlyList<string> CapDrop { get; init; } = [];

    public IReadOnlyList<string> SecurityOpt { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public string? StopSignal { get; init; }

    public int? StopTimeout { get; init; }

    /// <summary>--domainname (Config.Domainname), the UTS domain name.</summary>
    public string Domainname { get; init; } = "";

    /// <summary>The streams a foreground client attaches (Config.AttachStdin/Stdout/Stderr).</summary>
    public bool AttachStdin { get; init; }

    public bool AttachStdout { get; init; } = true;

    public bool AttachStderr { get; init; } = true;

    /// <summary>HostConfig.PidMode: "", "host" or "container:&lt;id&gt;".</summary>
    public string PidMode { get; init; } = "";

    /// <summary>HostConfig.IpcMode: "private", "shareable", "none", "host" or "container:&lt;id&gt;".</summary>
    public string IpcMode { get; init; } = "private";

    /// <summary>HostConfig.UTSMode: "" or "host".</summary>
    public string UtsMode { get; init; } = "";

    /// <summary>HostConfig.ContainerIDFile: the --cidfile the client wrote the ID to ("" without).</summary>
    public string ContainerIdFile { get; init; } = "";

    public bool StdinOnce { get; init; }

    /// <summary>The image's volume paths (Docker's Config.Volumes).</summary>
    public IReadOnlyList<string> Volumes { get; init; } = [];
}

/// <summary>Docker's State block.</summary>
public sealed record ContainerStateRecord
{
    /// <summary>Docker's status of the container (stored with Docker's lowercase names).</summary>
    public ContainerStatus Status { get; init; } = ContainerStatus.Created;

    public int Pid { get; init; }

    public int ConmonPid { get; init; }

    /// <summary>
    /// The monitor's start time (/proc/PID/stat field 22) and the boot it ran in: with them a pid reused after the
    /// monitor died, or after a reboot, is not taken for the monitor. 0 and null in records written before they existed.
    /// </summary>
    public ulong ConmonStartTime { get; init; }

    public string? BootId { get; init; }

    /// <summary>
    /// The monitor holds back its exit command for an attached waiter (see ContainerLaunch.ExitCommandDelaySeconds):
    /// whoever cleans up ends the idle monitor's process group.
    /// </summary>
    public bool ExitCommandDelayed { get; init; }

    public int ExitCode { get; init; }

    public string Error { get; init; } = "";

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public bool OomKilled { get; init; }

    /// <summary>The network namespace file of the current run, so cleanup finds it even after a half-finished start.</summary>
    public string? NetnsPath { get; init; }

    /// <summary>Network attachments of the current run.</summary>
    public IReadOnlyList<NetworkEndpointRecord> Endpoints { get; init; } = [];

    /// <summary>Published ports of the current run, with their host ports allocated.</summary>
    public IReadOnlyList<PublishedPort> Ports { get; init; } = [];
}
