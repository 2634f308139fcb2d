using System.Text.Json;
using System.Text.Json.Nodes;
using Cais.Api;
using Cais.Cli.Rendering;
using Cais.Containers;
using Cais.Containers.Inspect;
using Cais.Images.Inspect;
using Cais.Metadata;
using Cais.Network;
using Cais.Network.Views;
using Cais.Oci.Image;
using Cais.TestSupport;

namespace Cais.Core.Tests.Api;

/// <summary>
/// The inspect documents as the CLI prints them, against expected files in Docker 28's shape (checked field by field
/// against dockerd's): the wire types must keep every byte (field order, nulls, escaping, time formats).
/// </summary>
public sealed class WireDocumentTests
{
    private static ContainerRecord Record(ContainerStatus status, string mode, bool withStuff) => new()
    {
        Id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        Name = "web",
        ImageId = "sha256:feed",
        ImageName = "busybox",
        Created = new DateTimeOffset(2026, 1, 1, 12, 0, 0, 123, TimeSpan.Zero).AddTicks(4567),
        Command = withStuff ? ["sh", "-c", "echo '<a&b>' \"é\" +"] : [],
        Settings = new ContainerSettings
        {
            NetworkMode = mode,
            Networks = mode == "bridge" ? [new NetworkRequest { Network = "bridge" }, new NetworkRequest { Network = "front", IpAddress = "10.5.0.9", Aliases = ["w1", "w2"] }] : [],
            Labels = withStuff ? new Dictionary<string, string> { ["team"] = "web<>", ["z"] = "", ["a"] = "1" } : new Dictionary<string, string>(),
            Env = withStuff ? ["A=<b>&'c'", "PATH=/bin"] : [],
            Cmd = withStuff ? ["echo", "hi"] : null,
            Entrypoint = withStuff ? ["/bin/sh"] : null,
            Binds = withStuff ? ["/tmp/x:/x:ro", "/tmp/y:/y"] : [],
            CapAdd = withStuff ? ["NET_ADMIN"] : [],
            ExtraHosts = withStuff ? ["h:1.2.3.4"] : [],
            Dns = withStuff ? ["1.1.1.1"] : [],
            PortBindings = withStuff ? [new PublishedPort { ContainerPort = 80, HostPort = 8080 }, new PublishedPort { ContainerPort = 80, HostPort = 0, HostIp = "127.0.0.1" }, new PublishedPort { ContainerPort = 53, Protocol = "udp", HostPort = 5000, HostPortEnd = 5001 }] : [],
            ExposedPorts = withStuff ? ["80/tcp", "443/tcp", "53/udp"] : [],
            User = withStuff ? "1000" : null,
            WorkingDir = withStuff ? "/w" : null,
            StopSignal = withStuff ? "SIGINT" : null,
            StopTimeout = withStuff ? 3 : null,
            Hostname = "0123456789ab",
            Tty = withStuff,
            OpenStdin = withStuff,
            AttachStdin = withStuff,
            AttachStdout = true,
            AttachStderr = true,
            StdinOnce = withStuff,
            Volumes = withStuff ? ["/data"] : [],
            CapDrop = withStuff ? ["chown", "CAP_KILL"] : [],
            Privileged = mode == "host",
        },
        State = new ContainerStateRecord
        {
            Status = status,
            Pid = 42,
            ExitCode = 3,
            Error = withStuff ? "boom <x>" : "",
            StartedAt = status == ContainerStatus.Created ? null : new DateTimeOffset(2026, 1, 1, 12, 0, 1, TimeSpan.Zero),
            FinishedAt = status == ContainerStatus.Exited ? new DateTimeOffset(2026, 1, 1, 12, 0, 2, 500, TimeSpan.Zero) : null,
            NetnsPath = status == ContainerStatus.Running ? "/run/netns/x" : null,
            Endpoints = status == ContainerStatus.Running && mode == "bridge"
                ? [new NetworkEndpointRecord { NetworkId = "n1", NetworkName = "bridge", IPAddress = "10.88.0.2", PrefixLength = 16, Gateway = "10.88.0.1", MacAddress = "aa:bb" },
                   new NetworkEndpointRecord { NetworkId = "n2", NetworkName = "front", IPAddress = "10.5.0.9", PrefixLength = 24, Gateway = "10.5.0.1", MacAddress = "cc:dd", Aliases = ["w1"] }]
                : [],
            Ports = status == ContainerStatus.Running && withStuff ? [new PublishedPort { ContainerPort = 80, HostPort = 8080 }, new PublishedPort { ContainerPort = 80, HostPort = 32768, HostIp = "127.0.0.1" }] : [],
        },
    };

    private static string ExpectedPath(string name) => Path.Combine(RepoRoot.Find(), "tests", "Cais.Core.Tests", "Api", "Expected", name + ".json");

    private static string Expected(string name) => File.ReadAllText(ExpectedPath(name));

    /// <summary>
    /// With CAIS_UPDATE_EXPECTED=1, rewrites an expected document from today's output (after a deliberate change of
    /// shape; review the diff), so that the comparison below then holds.
    /// </summary>
    private static void UpdateIfAsked(string name, string now)
    {
        if (Environment.GetEnvironmentVariable("CAIS_UPDATE_EXPECTED") == "1")
        {
            File.WriteAllText(ExpectedPath(name), now);
        }
    }

    private static string New<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) =>
        InspectOutput.IndentedArray([JsonSerializer.SerializeToElement(value, info)]);

    [Theory]
    [InlineData(ContainerStatus.Running, "bridge", true)]
    [InlineData(ContainerStatus.Running, "bridge", false)]
    [InlineData(ContainerStatus.Exited, "bridge", true)]
    [InlineData(ContainerStatus.Created, "host", true)]
    [InlineData(ContainerStatus.Created, "none", false)]
    [InlineData(ContainerStatus.Paused, "container:abc", true)]
    public void Container_inspect_is_unchanged(ContainerStatus status, string mode, bool withStuff)
    {
        var c = Record(status, mode, withStuff);
        var name = $"container-{status}-{mode.Replace(':', '-')}-{withStuff}";
        var now = New(ContainerInspection.Build(c, "/d", "/d/ctr.log", _ => null), ApiJsonContext.Default.ContainerInspectResponse);
        UpdateIfAsked(name, now);
        var old = Expected(name);
        Assert.Equal(old, now);
        var element = JsonSerializer.SerializeToElement(ContainerInspection.Build(c, "/d", "/d/ctr.log", _ => null), ApiJsonContext.Default.ContainerInspectResponse);
        Assert.Equal(TemplateValue.FromJson(JsonNode.Parse(old)![0]).ToJson(), TemplateValue.FromJson(element).ToJson());
    }

    [Fact]
    public void Inspect_reports_exec_sessions_the_snapshot_and_the_hosts_cgroup_namespace()
    {
        var facts = new ContainerInspectionFacts
        {
            ExecIds = ["e1", "e2"],
            GraphDriverData = new Dictionary<string, string> { ["LowerDir"] = "/l", ["MergedDir"] = "/m", ["UpperDir"] = "/u", ["WorkDir"] = "/w" },
            CgroupNamespace = true,
            AppArmorEnabled = true,
        };
        var c = Record(ContainerStatus.Running, "bridge", false);
        c = c with { Settings = c.Settings with { SecurityOpt = ["apparmor=my-profile"] } };
        var inspect = ContainerInspection.Build(c, "/d", "/d/ctr.log", _ => null, facts);
        Assert.Equal(["e1", "e2"], inspect.ExecIDs);
        Assert.Equal("/u", inspect.GraphDriver!.Data!["UpperDir"]);
        Assert.Equal("private", inspect.HostConfig!.CgroupnsMode);
        Assert.Equal("my-profile", inspect.AppArmorProfile);
        Assert.Null(ContainerInspection.Build(c, "/d", "/d/ctr.log", _ => null).ExecIDs);
    }

    [Fact]
    public void The_users_environment_comes_first_then_the_images_names_it_does_not_set()
    {
        Assert.Equal(["FOO=user", "NEW=1", "BAR=img", "PATH=/bin"], ImageDefaults.MergeEnv(["FOO=user", "NEW=1"], ["FOO=img", "BAR=img", "PATH=/bin"]));
        Assert.Equal(["PATH=/bin"], ImageDefaults.MergeEnv([], ["PATH=/bin"]));
        Assert.Equal(
            new Dictionary<string, string> { ["a"] = "image", ["b"] = "user", ["c"] = "user" },
            ImageDefaults.MergeLabels(new Dictionary<string, string> { ["b"] = "user", ["c"] = "user" }, new Dictionary<string, string> { ["a"] = "image", ["b"] = "image" }));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Image_inspect_is_unchanged(bool withStuff)
    {
        var image = new ImageRecord
        {
            Id = "sha256:1111", ManifestDigest = "sha256:2222", ManifestMediaType = "application/vnd.oci.image.manifest.v1+json",
            Layers = [new LayerRecord("sha256:l1", 10, "m", "sha256:d1", "sha256:c1", 20)],
            Created = DateTimeOffset.UnixEpoch, Pulled = new DateTimeOffset(2026, 2, 2, 2, 2, 2, 20, TimeSpan.Zero), Architecture = "amd64", Variant = withStuff ? "v8" : null, Size = 99,
        };
        ImageName[] names = [new("docker.io/library/busybox:latest", image.Id, false), new("docker.io/library/busybox@sha256:2222", image.Id, true)];
        var config = new ImageConfig
        {
            Created = withStuff ? new DateTimeOffset(2025, 3, 3, 3, 3, 3, TimeSpan.Zero) : null,
            Author = withStuff ? "me <x@y>" : null,
            History = withStuff ? [new HistoryEntry { Comment = "c" }] : null,
            Config = withStuff ? new ContainerDefaults
            {
                User = "u", Env = ["A=<b>"], Cmd = ["sh"], Entrypoint = ["/e"], WorkingDir = "/w", StopSignal = "SIGTERM",
                ExposedPorts = new Dictionary<string, Cais.Oci.Image.EmptyObject> { ["80/tcp"] = new(), ["22/tcp"] = new() },
                Volumes = new Dictionary<string, Cais.Oci.Image.EmptyObject> { ["/data"] = new() },
                Labels = new Dictionary<string, string> { ["x"] = "y" },
            } : null,
        };
        Assert.Equal(Expected($"image-{withStuff}"), New(ImageInspection.Build(image, names, config, "overlay"), ApiJsonContext.Default.ImageInspect));
    }

    [Fact]
    public void Network_inspect_is_unchanged()
    {
        var n = new NetworkRecord
        {
            Id = "n2", Name = "front", Subnet = "10.5.0.0/24", Gateway = "10.5.0.1", BridgeName = "cais-n2", Internal = true,
            Labels = new Dictionary<string, string> { ["b"] = "2", ["a"] = "<1>" }, Created = new DateTimeOffset(2026, 1, 1, 0, 0, 0, 5, TimeSpan.Zero),
        };
        var running = Record(ContainerStatus.Running, "bridge", true);
        var stopped = Record(ContainerStatus.Exited, "bridge", true) with { Id = "ffff" + running.Id[4..], Name = "db" };
        NetworkUser User(ContainerRecord c) => new(c.Id, c.Name, c.State.Endpoints.LastOrDefault(e => e.NetworkId == n.Id) is { } e ? new NetworkUserAddress(e.IPAddress, e.PrefixLength, e.MacAddress) : null);
        Assert.Equal(
            Expected("network-front"),
            New(NetworkResources.Build(n, [User(running), User(stopped)]), ApiJsonContext.Default.NetworkResource));
        Assert.Equal(
            Expected("network-host"),
            New(NetworkResources.Predefined("host", [new(running.Id, running.Name, null), new(stopped.Id, stopped.Name, null)]), ApiJsonContext.Default.NetworkResource));
    }

    [Fact]
    public async Task A_format_template_runs_over_the_wire_document()
    {
        var document = JsonSerializer.SerializeToElement(
            ContainerInspection.Build(Record(ContainerStatus.Running, "bridge", true), "/d", "/d/ctr.log", _ => null), ApiJsonContext.Default.ContainerInspectResponse);
        using var writer = new StringWriter { NewLine = "\n" };
        await InspectOutput.Parse("{{.Name}} {{.State.Status}} {{json .NetworkSettings.Ports}} {{index .Config.Labels \"team\"}}").WriteAsync(writer, [document, document]);
        var line = "/web running {\"443/tcp\":null,\"53/udp\":null,\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"8080\"},{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"32768\"}]} web<>\n";
        Assert.Equal(line + line, writer.ToString());
    }
}
