using Cais.Api;
using Cais.Common;
using Cais.Metadata;
using Cais.Network;

namespace Cais.Containers.Inspect;

/// <summary>
/// Docker's container inspect document from a container's record: the one place its fields are decided, for the CLI's
/// <c>inspect</c> (and its --format) and the API alike.
/// </summary>
public static class ContainerInspection
{
    /// <param name="c">The container, refreshed.</param>
    /// <param name="dataDirectory">Where its resolv.conf, hostname and hosts files are.</param>
    /// <param name="logPath">Its log file.</param>
    /// <param name="networkIdOf">A network's ID by name, for networks the container is configured on but not attached to.</param>
    public static ContainerInspectResponse Build(ContainerRecord c, string dataDirectory, string logPath, Func<string, string?> networkIdOf)
    {
        ArgumentNullException.ThrowIfNull(c);
        var s = c.Settings;
        var state = c.State;
        return new ContainerInspectResponse
        {
            Id = c.Id,
            Created = GoTime.Format(c.Created),
            Path = c.Command.Count > 0 ? c.Command[0] : "",
            Args = [.. c.Command.Skip(1)],
            State = new ContainerState
            {
                Status = state.Status.ToDockerName(),
                Running = state.Status is ContainerStatus.Running or ContainerStatus.Paused,
                Paused = state.Status == ContainerStatus.Paused,
                Restarting = state.Status == ContainerStatus.Restarting,
                OOMKilled = state.OomKilled,
                Dead = state.Status == ContainerStatus.Dead,
                Pid = state.Pid,
                ExitCode = state.ExitCode,
                Error = state.Error,
                StartedAt = GoTime.Format(state.StartedAt),
                FinishedAt = GoTime.Format(state.FinishedAt),
            },
            Image = c.ImageId,
            ResolvConfPath = Path.Combine(dataDirectory, "resolv.conf"),
            HostnamePath = Path.Combine(dataDirectory, "hostname"),
            HostsPath = Path.Combine(dataDirectory, "hosts"),
            LogPath = logPath,
            Name = "/" + c.Name,
            RestartCount = c.RestartCount,
            Driver = c.StorageDriver,
            Platform = "linux",
            HostConfig = new HostConfig
            {
                Binds = NullIfEmpty(s.Binds),
                NetworkMode = s.NetworkMode,
                Dns = s.Dns,
                DnsOptions = s.DnsOptions,
                DnsSearch = s.DnsSearch,
                ExtraHosts = NullIfEmpty(s.ExtraHosts),
                PortBindings = ContainerPortMaps.Requested(s.PortBindings),
                PublishAllPorts = s.PublishAll,
                AutoRemove = s.AutoRemove,
                Privileged = s.Privileged,
                CapAdd = NullIfEmpty(s.CapAdd),
                CapDrop = NullIfEmpty(s.CapDrop),
                SecurityOpt = NullIfEmpty(s.SecurityOpt),
                LogConfig = new LogConfig { Type = "k8s-file", Config = new Dictionary<string, string>() },
                RestartPolicy = new RestartPolicy { Name = "no", MaximumRetryCount = 0 },
                ContainerIDFile = s.ContainerIdFile,
                PidMode = s.PidMode,
                IpcMode = s.IpcMode,
                UTSMode = s.UtsMode,
            },
            GraphDriver = new GraphDriverData { Name = c.StorageDriver },
            Mounts = Mounts(s),
            Config = new ContainerConfig
            {
                Hostname = s.Hostname,
                Domainname = s.Domainname,
                User = s.User ?? "",
                AttachStdin = s.AttachStdin,
                AttachStdout = s.AttachStdout,
                AttachStderr = s.AttachStderr,
                ExposedPorts = s.ExposedPorts.Count == 0 ? null : s.ExposedPorts.Order(StringComparer.Ordinal).ToDictionary(k => k, _ => new EmptyObject(), StringComparer.Ordinal),
                Tty = s.Tty,
                OpenStdin = s.OpenStdin,
                Env = s.Env,
                Cmd = s.Cmd,
                Image = c.ImageName,
                WorkingDir = s.WorkingDir ?? "",
                Entrypoint = s.Entrypoint,
                Labels = s.Labels,
                StopSignal = s.StopSignal,
                StopTimeout = s.StopTimeout,
            },
            NetworkSettings = NetworkSettings(c, networkIdOf),
        };
    }

    /// <summary>The bind mounts, as Docker lists them (a container summary carries the same list).</summary>
    public static IReadOnlyList<MountPoint> Mounts(ContainerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return [.. settings.Binds.Select(bind =>
        {
            var b = BindSpec.Parse(bind);
            return new MountPoint
            {
                Type = "bind",
                Source = b.Source,
                Destination = b.Destination,
                Mode = b.ReadOnly ? "ro" : "",
                RW = !b.ReadOnly,
                Propagation = "rprivate",
            };
        })];
    }

    /// <summary>
    /// Docker's NetworkSettings: the top-level address fields describe the default bridge (empty on other networks, as in
    /// Docker), Networks has one entry per network with this run's address. Ports lists published ports while running.
    /// </summary>
    private static NetworkSettings NetworkSettings(ContainerRecord c, Func<string, string?> networkIdOf)
    {
        var s = c.Settings;
        var endpoints = new Dictionary<string, EndpointSettings>(StringComparer.Ordinal);
        foreach (var e in c.State.Endpoints)
        {
            endpoints[e.NetworkName] = Endpoint(c, e.NetworkId, s.Networks.FirstOrDefault(n => n.Network == e.NetworkName), e);
        }

        // Not running (or not yet attached): Docker still lists the configured networks with empty addresses.
        foreach (var request in s.Networks.Where(n => !endpoints.ContainsKey(n.Network)))
        {
            endpoints[request.Network] = Endpoint(c, networkIdOf(request.Network) ?? "", request, null);
        }

        if (endpoints.Count == 0 && !ContainerService.IsBridgeMode(s.NetworkMode) && !ContainerService.IsContainerMode(s.NetworkMode))
        {
            endpoints[s.NetworkMode] = Endpoint(c, "", null, null);
        }

        var primary = c.State.Endpoints.FirstOrDefault(e => e.NetworkName == NetworkRecord.DefaultName);
        return new NetworkSettings
        {
            SandboxKey = c.State.NetnsPath ?? "",
            Ports = ContainerPortMaps.Published(c),
            Gateway = primary?.Gateway ?? "",
            IPAddress = primary?.IPAddress ?? "",
            IPPrefixLen = primary?.PrefixLength ?? 0,
            MacAddress = primary?.MacAddress ?? "",
            Networks = endpoints,
        };
    }

    /// <summary>The container's endpoint on one network: this run's address if attached, the request otherwise.</summary>
    public static EndpointSettings Endpoint(ContainerRecord c, string networkId, NetworkRequest? request, NetworkEndpointRecord? e)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new EndpointSettings
        {
            IPAMConfig = request?.IpAddress is { } ip ? new EndpointIpamConfig { IPv4Address = ip } : null,
            Aliases = request is null ? null : NullIfEmpty(request.Aliases),
            MacAddress = e?.MacAddress ?? "",
            NetworkID = networkId,
            Gateway = e?.Gateway ?? "",
            IPAddress = e?.IPAddress ?? "",
            IPPrefixLen = e?.PrefixLength ?? 0,
            // The names the embedded resolver answers for this container (user-defined networks only, as in Docker).
            DNSNames = e is null || e.NetworkName == NetworkRecord.DefaultName ? null : [c.Name, Ids.Short(c.Id), .. e.Aliases],
        };
    }

    private static IReadOnlyList<string>? NullIfEmpty(IReadOnlyList<string> items) => items.Count == 0 ? null : items;
}
