namespace Cais.Api;

/// <summary>A container's HostConfig: how it was asked to run on the host. Lists Docker leaves unset are null.</summary>
public sealed record HostConfig
{
    public IReadOnlyList<string>? Binds { get; init; }

    public string NetworkMode { get; init; } = "";

    public IReadOnlyList<string>? Dns { get; init; }

    public IReadOnlyList<string>? DnsOptions { get; init; }

    public IReadOnlyList<string>? DnsSearch { get; init; }

    public IReadOnlyList<string>? ExtraHosts { get; init; }

    /// <summary>What was asked for: "" host port meaning any.</summary>
    public PortMap? PortBindings { get; init; }

    public bool PublishAllPorts { get; init; }

    public bool AutoRemove { get; init; }

    public bool Privileged { get; init; }

    public IReadOnlyList<string>? CapAdd { get; init; }

    public IReadOnlyList<string>? CapDrop { get; init; }

    public IReadOnlyList<string>? SecurityOpt { get; init; }

    public LogConfig? LogConfig { get; init; }

    public RestartPolicy? RestartPolicy { get; init; }

    /// <summary>--cidfile's path, as the docker CLI records it ("" without).</summary>
    public string ContainerIDFile { get; init; } = "";

    public string PidMode { get; init; } = "";

    public string IpcMode { get; init; } = "";

    public string UTSMode { get; init; } = "";
}
