using System.Text.Json;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Containers;

/// <summary>
/// inspect of real containers reads as Docker 28's does (checked side by side with dockerd): the image's defaults merged
/// into Config, the attach flags of create/run/run -d/run -i, every HostConfig field, exec ids, Docker's driver name.
/// </summary>
public sealed class InspectFidelityTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
{
    private const string Zero = "0001-01-01T00:00:00Z";

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => fixture.RemoveAllAsync();

    private async Task<string> RichImageAsync()
    {
        var image = TestImages.Busybox();
        image.Env = ["FOO=img", "BAR=imgbar", TestImages.DefaultPath];
        image.ExposedPorts = ["8080/tcp"];
        image.WorkingDir = "/srv";
        image.Labels = new Dictionary<string, string> { ["org.x"] = "1" };
        var published = await image.PublishAsync(fixture.RegistryHost, TestNames.For("rich") + ":latest", CancellationToken.None);
        await fixture.OkAsync("pull", "-q", published.Reference);
        return published.Reference;
    }

    private async Task<JsonElement> InspectAsync(string name)
    {
        using var json = JsonDocument.Parse(await fixture.OkAsync("inspect", name));
        return Assert.Single(json.RootElement.EnumerateArray().ToList()).Clone();
    }

    private static string[] Strings(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetString()!)];

    [Fact]
    public async Task Created_container_reports_the_image_defaults_and_every_host_config_field()
    {
        var image = await RichImageAsync();
        var name = TestNames.For("inspect-create");
        await fixture.OkAsync("create", "--name", name, image);
        var c = await InspectAsync(name);

        var config = c.GetProperty("Config");
        Assert.Equal(["FOO=img", "BAR=imgbar", TestImages.DefaultPath], Strings(config.GetProperty("Env")));
        Assert.Equal(["sh"], Strings(config.GetProperty("Cmd")));
        Assert.Equal(JsonValueKind.Null, config.GetProperty("Entrypoint").ValueKind);
        Assert.Equal(JsonValueKind.Null, config.GetProperty("OnBuild").ValueKind);
        Assert.False(config.GetProperty("AttachStdin").GetBoolean());
        Assert.True(config.GetProperty("AttachStdout").GetBoolean());
        Assert.True(config.GetProperty("AttachStderr").GetBoolean());
        Assert.False(config.GetProperty("StdinOnce").GetBoolean());
        Assert.Equal(image, config.GetProperty("Image").GetString());
        Assert.Equal("/srv", config.GetProperty("WorkingDir").GetString());
        Assert.Equal("", config.GetProperty("User").GetString());
        Assert.Equal("", config.GetProperty("Domainname").GetString());
        Assert.Equal("1", config.GetProperty("Labels").GetProperty("org.x").GetString());
        Assert.True(config.GetProperty("ExposedPorts").TryGetProperty("8080/tcp", out _));
        Assert.False(config.TryGetProperty("StopSignal", out _));

        Assert.Equal(JsonValueKind.Null, c.GetProperty("ExecIDs").ValueKind);
        Assert.Equal("overlay2", c.GetProperty("Driver").GetString());
        var graph = c.GetProperty("GraphDriver");
        Assert.Equal("overlay2", graph.GetProperty("Name").GetString());
        Assert.Equal(["LowerDir", "MergedDir", "UpperDir", "WorkDir"], graph.GetProperty("Data").EnumerateObject().Select(p => p.Name));
        Assert.Equal("linux", c.GetProperty("Platform").GetString());
        var state = c.GetProperty("State");
        Assert.Equal(Zero, state.GetProperty("StartedAt").GetString());
        Assert.Equal(Zero, state.GetProperty("FinishedAt").GetString());
        Assert.False(state.TryGetProperty("Health", out _));

        var host = c.GetProperty("HostConfig");
        Assert.Equal("private", host.GetProperty("IpcMode").GetString());
        Assert.Equal(64L * 1024 * 1024, host.GetProperty("ShmSize").GetInt64());
        Assert.Equal(2048, host.GetProperty("PidsLimit").GetInt64());
        foreach (var zero in new[] { "Memory", "MemorySwap", "MemoryReservation", "NanoCpus", "CpuShares", "CpuPeriod", "CpuQuota" })
        {
            Assert.Equal(0, host.GetProperty(zero).GetInt64());
        }

        Assert.Equal("", host.GetProperty("CpusetCpus").GetString());
        Assert.Equal("", host.GetProperty("PidMode").GetString());
        Assert.Equal("", host.GetProperty("UTSMode").GetString());
        Assert.Equal(File.Exists("/sys/fs/cgroup/cgroup.controllers") ? "private" : "host", host.GetProperty("CgroupnsMode").GetString());
        Assert.Equal("no", host.GetProperty("RestartPolicy").GetProperty("Name").GetString());
        Assert.Equal(JsonValueKind.Object, host.GetProperty("LogConfig").GetProperty("Config").ValueKind);
        Assert.Equal([0, 0], host.GetProperty("ConsoleSize").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("runc", host.GetProperty("Runtime").GetString());
        Assert.Equal(0, host.GetProperty("Devices").GetArrayLength());
        Assert.Equal(0, host.GetProperty("Ulimits").GetArrayLength());
        Assert.Contains("/proc/kcore", Strings(host.GetProperty("MaskedPaths")));
        Assert.Contains("/proc/sys", Strings(host.GetProperty("ReadonlyPaths")));
        Assert.Equal(JsonValueKind.Null, host.GetProperty("CapAdd").ValueKind);
        Assert.False(host.GetProperty("ReadonlyRootfs").GetBoolean());
    }

    [Fact]
    public async Task Detached_run_merges_the_environment_spells_capabilities_and_lists_exec_sessions()
    {
        var image = await RichImageAsync();
        var name = TestNames.For("inspect-run");
        await fixture.OkAsync("run", "-d", "--name", name, "-e", "FOO=user", "-e", "NEW=1", "--cap-add", "net_admin", "--cap-drop", "CAP_CHOWN",
            "-w", "/tmp", "-u", "1000", image, "sleep", "300");
        var c = await InspectAsync(name);
        var config = c.GetProperty("Config");
        Assert.Equal(["FOO=user", "NEW=1", "BAR=imgbar", TestImages.DefaultPath], Strings(config.GetProperty("Env")));
        Assert.False(config.GetProperty("AttachStdin").GetBoolean());
        Assert.False(config.GetProperty("AttachStdout").GetBoolean());
        Assert.False(config.GetProperty("AttachStderr").GetBoolean());
        Assert.Equal("1000", config.GetProperty("User").GetString());
        Assert.Equal("/tmp", config.GetProperty("WorkingDir").GetString());
        Assert.Equal(["CAP_NET_ADMIN"], Strings(c.GetProperty("HostConfig").GetProperty("CapAdd")));
        Assert.Equal(["CAP_CHOWN"], Strings(c.GetProperty("HostConfig").GetProperty("CapDrop")));
        Assert.Equal("sleep", c.GetProperty("Path").GetString());
        Assert.NotEqual(Zero, c.GetProperty("State").GetProperty("StartedAt").GetString());

        var network = c.GetProperty("NetworkSettings");
        ContainerFixture.AssertFullId(network.GetProperty("SandboxID").GetString()!);
        Assert.NotEqual("", network.GetProperty("SandboxKey").GetString());
        var bridge = network.GetProperty("Networks").GetProperty("bridge");
        ContainerFixture.AssertFullId(bridge.GetProperty("EndpointID").GetString()!);
        Assert.Equal(bridge.GetProperty("EndpointID").GetString(), network.GetProperty("EndpointID").GetString());
        Assert.NotEqual("", bridge.GetProperty("MacAddress").GetString());

        await fixture.OkAsync("exec", "-d", name, "sleep", "100");
        var execIds = Strings((await InspectAsync(name)).GetProperty("ExecIDs"));
        ContainerFixture.AssertFullId(Assert.Single(execIds));
    }

    [Fact]
    public async Task Interactive_privileged_run_attaches_stdin_once_and_masks_nothing()
    {
        var name = TestNames.For("inspect-it");
        var result = await fixture.RunWithStdinAsync("", "run", "-i", "--privileged", "--name", name, "--entrypoint", "", fixture.Image, "true");
        Assert.Equal(0, result.ExitCode);
        var c = await InspectAsync(name);
        var config = c.GetProperty("Config");
        Assert.True(config.GetProperty("AttachStdin").GetBoolean());
        Assert.True(config.GetProperty("AttachStdout").GetBoolean());
        Assert.True(config.GetProperty("OpenStdin").GetBoolean());
        Assert.True(config.GetProperty("StdinOnce").GetBoolean());
        Assert.Equal(JsonValueKind.Null, config.GetProperty("Entrypoint").ValueKind);
        Assert.Equal(JsonValueKind.Object, config.GetProperty("Labels").ValueKind);
        Assert.False(config.TryGetProperty("ExposedPorts", out _));
        var host = c.GetProperty("HostConfig");
        Assert.True(host.GetProperty("Privileged").GetBoolean());
        Assert.Equal(JsonValueKind.Null, host.GetProperty("MaskedPaths").ValueKind);
        Assert.Equal(JsonValueKind.Null, host.GetProperty("ReadonlyPaths").ValueKind);
        Assert.NotEqual(Zero, c.GetProperty("State").GetProperty("FinishedAt").GetString());
    }

    [Fact]
    public async Task Image_inspect_has_docker_28s_shape()
    {
        var image = await RichImageAsync();
        using var json = JsonDocument.Parse(await fixture.OkAsync("image", "inspect", image));
        var i = Assert.Single(json.RootElement.EnumerateArray().ToList());
        Assert.Equal(
            ["Id", "RepoTags", "RepoDigests", "Parent", "Comment", "Created", "DockerVersion", "Author", "Config", "Architecture", "Os", "Size", "GraphDriver", "RootFS", "Metadata", "Descriptor"],
            i.EnumerateObject().Select(p => p.Name));
        var config = i.GetProperty("Config");
        Assert.Equal(["ExposedPorts", "Env", "Cmd", "WorkingDir", "Labels"], config.EnumerateObject().Select(p => p.Name));
        Assert.Equal("overlay2", i.GetProperty("GraphDriver").GetProperty("Name").GetString());
        Assert.Equal("layers", i.GetProperty("RootFS").GetProperty("Type").GetString());
    }
}
