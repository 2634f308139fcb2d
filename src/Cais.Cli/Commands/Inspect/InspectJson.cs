using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cais.Common;
using Cais.Containers;
using Cais.Distribution;
using Cais.Hosting;
using Cais.Images;
using Cais.Metadata;
using Cais.Network;
using Cais.Oci.Image;

namespace Cais.Cli.Commands.Inspect;

/// <summary>
/// Docker's inspect documents, built as JSON nodes (no reflection, so NativeAOT-safe) with Docker's field names,
/// so that scripts and <c>--format</c> templates written for docker work unchanged.
/// </summary>
public static class InspectJson
{
    public static JsonObject Image(ImageRecord image, IReadOnlyList<ImageName> names, ImageConfig config, string driver)
    {
        var defaults = config.Config;
        return new JsonObject
        {
            ["Id"] = image.Id,
            ["RepoTags"] = Array(names.Where(n => !n.IsDigest).Select(n => ImageService.Familiar(n.Name))),
            ["RepoDigests"] = Array(names.Where(n => n.IsDigest).Select(n => ImageService.Familiar(n.Name))),
            ["Parent"] = "",
            ["Comment"] = config.History?.LastOrDefault()?.Comment ?? "",
            ["Created"] = Time(config.Created),
            ["DockerVersion"] = "",
            ["Author"] = config.Author ?? "",
            ["Config"] = new JsonObject
            {
                ["Hostname"] = "",
                ["Domainname"] = "",
                ["User"] = defaults?.User ?? "",
                ["AttachStdin"] = false,
                ["AttachStdout"] = false,
                ["AttachStderr"] = false,
                ["ExposedPorts"] = Set(defaults?.ExposedPorts?.Keys),
                ["Tty"] = false,
                ["OpenStdin"] = false,
                ["StdinOnce"] = false,
                ["Env"] = Array(defaults?.Env),
                ["Cmd"] = Array(defaults?.Cmd),
                ["Image"] = "",
                ["Volumes"] = Set(defaults?.Volumes?.Keys),
                ["WorkingDir"] = defaults?.WorkingDir ?? "",
                ["Entrypoint"] = Array(defaults?.Entrypoint),
                ["OnBuild"] = null,
                ["Labels"] = Map(defaults?.Labels),
                ["StopSignal"] = defaults?.StopSignal,
            },
            ["Architecture"] = image.Architecture,
            ["Variant"] = image.Variant,
            ["Os"] = image.Os,
            ["Size"] = image.Size,
            ["GraphDriver"] = new JsonObject { ["Data"] = null, ["Name"] = driver },
            ["RootFS"] = new JsonObject { ["Type"] = "layers", ["Layers"] = Array(image.Layers.Select(l => l.DiffId)) },
            ["Metadata"] = new JsonObject { ["LastTagTime"] = Time(image.Pulled) },
            ["Descriptor"] = new JsonObject
            {
                ["mediaType"] = image.ManifestMediaType,
                ["digest"] = image.ManifestDigest,
            },
        };
    }

    public static JsonObject Container(ContainerRecord c, EnginePaths paths, string logPath, NetworkService? networks = null)
    {
        var s = c.Settings;
        var state = c.State;
        var data = paths.Containers.ContainerData(c.Id);
        return new JsonObject
        {
            ["Id"] = c.Id,
            ["Created"] = Time(c.Created),
            ["Path"] = c.Command.Count > 0 ? c.Command[0] : "",
            ["Args"] = Array(c.Command.Skip(1)),
            ["State"] = new JsonObject
            {
                ["Status"] = state.Status.ToDockerName(),
                ["Running"] = state.Status is ContainerStatus.Running or ContainerStatus.Paused,
                ["Paused"] = state.Status == ContainerStatus.Paused,
                ["Restarting"] = state.Status == ContainerStatus.Restarting,
                ["OOMKilled"] = state.OomKilled,
                ["Dead"] = state.Status == ContainerStatus.Dead,
                ["Pid"] = state.Pid,
                ["ExitCode"] = state.ExitCode,
                ["Error"] = state.Error,
                ["StartedAt"] = Time(state.StartedAt),
                ["FinishedAt"] = Time(state.FinishedAt),
            },
            ["Image"] = c.ImageId,
            ["ResolvConfPath"] = Path.Combine(data, "resolv.conf"),
            ["HostnamePath"] = Path.Combine(data, "hostname"),
            ["HostsPath"] = Path.Combine(data, "hosts"),
            ["LogPath"] = logPath,
            ["Name"] = "/" + c.Name,
            ["RestartCount"] = c.RestartCount,
            ["Driver"] = c.StorageDriver,
            ["Platform"] = "linux",
            ["MountLabel"] = "",
            ["ProcessLabel"] = "",
            ["AppArmorProfile"] = "",
            ["HostConfig"] = new JsonObject
            {
                ["Binds"] = s.Binds.Count == 0 ? null : Array(s.Binds),
                ["NetworkMode"] = s.NetworkMode,
                ["Dns"] = Array(s.Dns),
                ["DnsOptions"] = Array(s.DnsOptions),
                ["DnsSearch"] = Array(s.DnsSearch),
                ["ExtraHosts"] = s.ExtraHosts.Count == 0 ? null : Array(s.ExtraHosts),
                ["PortBindings"] = PortBindings(s.PortBindings),
                ["PublishAllPorts"] = s.PublishAll,
                ["AutoRemove"] = s.AutoRemove,
                ["Privileged"] = s.Privileged,
                ["CapAdd"] = s.CapAdd.Count == 0 ? null : Array(s.CapAdd),
                ["CapDrop"] = s.CapDrop.Count == 0 ? null : Array(s.CapDrop),
                ["SecurityOpt"] = s.SecurityOpt.Count == 0 ? null : Array(s.SecurityOpt),
                ["LogConfig"] = new JsonObject { ["Type"] = "k8s-file", ["Config"] = new JsonObject() },
                ["RestartPolicy"] = new JsonObject { ["Name"] = "no", ["MaximumRetryCount"] = 0 },
            },
            ["GraphDriver"] = new JsonObject { ["Data"] = null, ["Name"] = c.StorageDriver },
            ["Mounts"] = new JsonArray([.. s.Binds.Select(Mount)]),
            ["Config"] = new JsonObject
            {
                ["Hostname"] = s.Hostname,
                ["Domainname"] = "",
                ["User"] = s.User ?? "",
                ["AttachStdin"] = s.OpenStdin,
                ["Tty"] = s.Tty,
                ["OpenStdin"] = s.OpenStdin,
                ["Env"] = Array(s.Env),
                ["Cmd"] = Array(s.Cmd),
                ["Image"] = c.ImageName,
                ["WorkingDir"] = s.WorkingDir ?? "",
                ["Entrypoint"] = Array(s.Entrypoint),
                ["Labels"] = Map(s.Labels),
                ["StopSignal"] = s.StopSignal,
                ["StopTimeout"] = s.StopTimeout,
            },
            ["NetworkSettings"] = NetworkSettings(c, networks),
        };
    }

    /// <summary>
    /// Docker's NetworkSettings: the top-level address fields describe the default bridge (empty on other networks, as in
    /// Docker), Networks has one entry per network with this run's address. Ports lists published ports while running.
    /// </summary>
    private static JsonObject NetworkSettings(ContainerRecord c, NetworkService? networks)
    {
        var s = c.Settings;
        var endpoints = new JsonObject();
        foreach (var e in c.State.Endpoints)
        {
            endpoints[e.NetworkName] = Endpoint(c, e.NetworkId, s.Networks.FirstOrDefault(n => n.Network == e.NetworkName), e);
        }

        // Not running (or not yet attached): Docker still lists the configured networks with empty addresses.
        foreach (var request in s.Networks.Where(n => !endpoints.ContainsKey(n.Network)))
        {
            endpoints[request.Network] = Endpoint(c, networks?.Repository.GetByName(request.Network)?.Id ?? "", request, null);
        }

        if (endpoints.Count == 0 && !ContainerService.IsBridgeMode(s.NetworkMode) && !ContainerService.IsContainerMode(s.NetworkMode))
        {
            endpoints[s.NetworkMode] = Endpoint(c, "", null, null);
        }

        var primary = c.State.Endpoints.FirstOrDefault(e => e.NetworkName == NetworkRecord.DefaultName);
        var ports = new JsonObject();
        foreach (var (key, hosts) in Cais.Cli.Commands.Containers.ContainerPorts.Map(c))
        {
            ports[key] = hosts is null ? null : new JsonArray([.. hosts.Select(h => (JsonNode)new JsonObject { ["HostIp"] = h.HostIp, ["HostPort"] = h.HostPort })]);
        }

        return new JsonObject
        {
            ["Bridge"] = "",
            ["SandboxID"] = "",
            ["SandboxKey"] = c.State.NetnsPath ?? "",
            ["Ports"] = ports,
            ["Gateway"] = primary?.Gateway ?? "",
            ["IPAddress"] = primary?.IPAddress ?? "",
            ["IPPrefixLen"] = primary?.PrefixLength ?? 0,
            ["MacAddress"] = primary?.MacAddress ?? "",
            ["Networks"] = endpoints,
        };
    }

    private static JsonObject Endpoint(ContainerRecord c, string networkId, NetworkRequest? request, NetworkEndpointRecord? e) => new()
    {
        ["IPAMConfig"] = request?.IpAddress is { } ip ? new JsonObject { ["IPv4Address"] = ip } : null,
        ["Links"] = null,
        ["Aliases"] = request is null || request.Aliases.Count == 0 ? null : Array(request.Aliases),
        ["MacAddress"] = e?.MacAddress ?? "",
        ["NetworkID"] = networkId,
        ["EndpointID"] = "",
        ["Gateway"] = e?.Gateway ?? "",
        ["IPAddress"] = e?.IPAddress ?? "",
        ["IPPrefixLen"] = e?.PrefixLength ?? 0,
        ["IPv6Gateway"] = "",
        ["GlobalIPv6Address"] = "",
        ["GlobalIPv6PrefixLen"] = 0,
        // The names the embedded resolver answers for this container (user-defined networks only, as in Docker).
        ["DNSNames"] = e is null || e.NetworkName == NetworkRecord.DefaultName ? null : Array([c.Name, Ids.Short(c.Id), .. e.Aliases]),
    };

    /// <summary>HostConfig.PortBindings: what was asked for, "" host port meaning any.</summary>
    private static JsonObject PortBindings(IReadOnlyList<PublishedPort> bindings)
    {
        var map = new JsonObject();
        foreach (var group in bindings.GroupBy(b => $"{b.ContainerPort.ToString(CultureInfo.InvariantCulture)}/{b.Protocol}"))
        {
            map[group.Key] = new JsonArray([.. group.Select(b => (JsonNode)new JsonObject
            {
                ["HostIp"] = b.HostIp,
                ["HostPort"] = b.HostPort == 0 ? "" : b.HostPortEnd > b.HostPort
                    ? string.Create(CultureInfo.InvariantCulture, $"{b.HostPort}-{b.HostPortEnd}")
                    : b.HostPort.ToString(CultureInfo.InvariantCulture),
            })]);
        }

        return map;
    }

    /// <summary>Docker's layout: a JSON array indented by four spaces.</summary>
    public static string Serialize(JsonArray items)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, IndentSize = 4, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            items.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static JsonObject Mount(string bind)
    {
        var b = global::Cais.Containers.BindSpec.Parse(bind);
        return new JsonObject
        {
            ["Type"] = "bind",
            ["Source"] = b.Source,
            ["Destination"] = b.Destination,
            ["Mode"] = b.ReadOnly ? "ro" : "",
            ["RW"] = !b.ReadOnly,
            ["Propagation"] = "rprivate",
        };
    }

    /// <summary>Go's RFC3339Nano: trailing zeros of the fraction dropped; an unset time is Go's zero time.</summary>
    private static string Time(DateTimeOffset? time)
    {
        if (time is null)
        {
            return "0001-01-01T00:00:00Z";
        }

        var text = time.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        return text + "Z";
    }

    private static JsonNode? Array(IEnumerable<string>? items) => items is null ? null : new JsonArray([.. items.Select(i => (JsonNode?)JsonValue.Create(i))]);

    private static JsonNode? Map(IReadOnlyDictionary<string, string>? map) =>
        map is null ? null : new JsonObject(map.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));

    private static JsonNode? Set(IEnumerable<string>? keys) =>
        keys is null ? null : new JsonObject(keys.Select(k => KeyValuePair.Create(k, (JsonNode?)new JsonObject())));
}
