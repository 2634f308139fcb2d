using Cais.Api;
using Cais.Common;
using Cais.Metadata;
using Cais.Network;
using Cais.Network.Views;

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
    /// <param name="facts">What is read outside the record (exec sessions, snapshot paths, host facts); none by default.</param>
    public static ContainerInspectResponse Build(ContainerRecord c, string dataDirectory, string logPath, Func<string, string?> networkIdOf, ContainerInspectionFacts? facts = null)
    {
        ArgumentNullException.ThrowIfNull(c);
        facts ??= new ContainerInspectionFacts();
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
            Driver = Snapshots.StorageDriverNames.Docker(c.StorageDriver),
            Platform = "linux",
            AppArmorProfile = facts.AppArmorEnabled ? AppArmorOption(s.SecurityOpt) ?? "" : "",
            ExecIDs = facts.ExecIds.Count == 0 ? null : facts.ExecIds,
            HostConfig = ContainerHostConfig.Build(s, facts),
            GraphDriver = new GraphDriverData { Data = facts.GraphDriverData, Name = Snapshots.StorageDriverNames.Docker(c.StorageDriver) },
            Mounts = Mounts(s),
            Config = new ContainerConfig
            {
                Hostname = s.Hostname,
                Domainname = s.Domainname,
                User = s.User ?? "",
                AttachStdin = s.AttachStdin,
                AttachStdout = s.AttachStdout,
                AttachStderr = s.AttachStderr,
                ExposedPorts = Set(s.ExposedPorts),
                Tty = s.Tty,
                OpenStdin = s.OpenStdin,
                StdinOnce = s.StdinOnce,
                Env = s.Env,
                Cmd = s.Cmd,
                Image = c.ImageName,
                Volumes = Set(s.Volumes),
                WorkingDir = s.WorkingDir ?? "",
                Entrypoint = s.Entrypoint is { Count: 0 } ? null : s.Entrypoint,
                Labels = s.Labels,
                StopSignal = s.StopSignal,
                StopTimeout = s.StopTimeout,
            },
            NetworkSettings = NetworkSettings(c, networkIdOf),
        };
    }

    /// <summary>Go's map[string]struct{} for a set: absent (null) when empty, as Docker's omitempty/nil maps read.</summary>
    /// <summary>A Go map[string]struct{}: Go writes map keys sorted.</summary>
    private static Dictionary<string, Api.EmptyObject>? Set(IReadOnlyList<string> keys) =>
        keys.Count == 0 ? null : keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToDictionary(k => k, _ => new Api.EmptyObject(), StringComparer.Ordinal);

    /// <summary>The profile named by --security-opt apparmor=NAME, the one the spec applies.</summary>
    private static string? AppArmorOption(IReadOnlyList<string> securityOpt) =>
        securityOpt.Select(o => o.Split(['=', ':'], 2)).LastOrDefault(kv => kv.Length == 2 && kv[0] == "apparmor")?[1];

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

        var running = c.State.Status is ContainerStatus.Running or ContainerStatus.Paused;
        if (endpoints.Count == 0 && PredefinedNetworks.IsMode(s.NetworkMode))
        {
            // host and none are networks to Docker too: a running container has its endpoint there.
            endpoints[s.NetworkMode] = running
                ? Endpoint(c, PredefinedNetworks.Id(s.NetworkMode), null, null) with { EndpointID = EndpointId(c, s.NetworkMode) }
                : Endpoint(c, "", null, null);
        }

        var primary = c.State.Endpoints.FirstOrDefault(e => e.NetworkName == NetworkRecord.DefaultName);
        var sandboxKey = c.State.NetnsPath ?? "";
        return new NetworkSettings
        {
            SandboxID = running && sandboxKey.Length > 0 ? DerivedId("sandbox", c.Id, sandboxKey) : "",
            SandboxKey = running ? sandboxKey : "",
            Ports = ContainerPortMaps.Published(c),
            EndpointID = primary is null ? "" : EndpointId(c, primary.NetworkId),
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
            EndpointID = e is null ? "" : EndpointId(c, e.NetworkId),
            Gateway = e?.Gateway ?? "",
            IPAddress = e?.IPAddress ?? "",
            IPPrefixLen = e?.PrefixLength ?? 0,
            // The names the embedded resolver answers for this container (user-defined networks only, as in Docker).
            DNSNames = e is null || e.NetworkName == NetworkRecord.DefaultName ? null : [c.Name, Ids.Short(c.Id), .. e.Aliases],
        };
    }

    /// <summary>
    /// An endpoint's ID: Docker's are random, ours are derived from the container, the network and this run's start,
    /// so that every read of one attachment shows the same ID and the next run a new one.
    /// </summary>
    private static string EndpointId(ContainerRecord c, string network) => DerivedId("endpoint", c.Id, network, GoTime.Format(c.State.StartedAt));

    private static string DerivedId(params string[] parts) => Digest.Compute(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", parts))).Hex;

    private static IReadOnlyList<string>? NullIfEmpty(IReadOnlyList<string> items) => items.Count == 0 ? null : items;
}
