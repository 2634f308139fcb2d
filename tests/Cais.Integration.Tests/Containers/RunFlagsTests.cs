using System.Text.RegularExpressions;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Containers;

/// <summary>run/create's --cidfile, --expose, --domainname, -a, --pid, --ipc and --uts on the real binary.</summary>
[Collection(HostNetworkCollection.Name)]
public sealed partial class RunFlagsTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => fixture.RemoveAllAsync();

    private static string HostNamespace(string type) => new FileInfo($"/proc/self/ns/{type}").LinkTarget!;

    [Fact]
    public async Task Cidfile_receives_the_id_and_an_existing_one_is_refused_with_nothing_created()
    {
        using var dir = new TempDirectory("cidfile");
        var path = dir.Combine("cid");

        var id = await fixture.OkAsync("run", "-d", "--network", "none", "--cidfile", path, fixture.Image, "sleep", "300");
        var again = await fixture.RunAsync("run", "-d", "--network", "none", "--cidfile", path, fixture.Image, "true");

        Assert.Equal(id, await File.ReadAllTextAsync(path));
        Assert.Equal(125, again.ExitCode);
        Assert.Contains($"container ID file found, make sure the other container isn't running or delete {path}", again.Stderr, StringComparison.Ordinal);
        Assert.Equal([id], (await fixture.OkAsync("ps", "-aq", "--no-trunc")).Split('\n'));
        Assert.Equal(path, await fixture.InspectAsync(id, "{{.HostConfig.ContainerIDFile}}"));
        await fixture.OkAsync("rm", "-f", id);
        Assert.True(File.Exists(path), "Docker keeps the file after the container is gone");
    }

    [Fact]
    public async Task Exposed_ports_show_in_inspect_and_ps_and_publish_all_publishes_them()
    {
        var id = await fixture.OkAsync("run", "-d", "--expose", "80", "--expose", "7000-7001/udp", fixture.Image, "sleep", "300");
        var published = await fixture.OkAsync("run", "-d", "-P", "--expose", "8080", fixture.Image, "sleep", "300");

        Assert.Equal("{\"7000/udp\":{},\"7001/udp\":{},\"80/tcp\":{}}", await fixture.InspectAsync(id, "{{json .Config.ExposedPorts}}"));
        Assert.Equal("80/tcp, 7000-7001/udp", await fixture.OkAsync("ps", "--filter", "id=" + id, "--format", "{{.Ports}}"));
        Assert.Matches(PublishedPort(), await fixture.OkAsync("ps", "--filter", "id=" + published, "--format", "{{.Ports}}"));
        Assert.Equal("true", await fixture.InspectAsync(published, "{{.HostConfig.PublishAllPorts}}"));
    }

    [Fact]
    public async Task Domainname_is_the_containers_domain_and_names_it_in_etc_hosts()
    {
        var output = await fixture.ShAsync("hostname; cat /proc/sys/kernel/domainname; tail -1 /etc/hosts", "--domainname", "example.com", "-h", "web");
        var lines = output.Split('\n');

        Assert.Equal(["web", "example.com"], lines[..2]);
        Assert.EndsWith("\tweb.example.com web", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attach_stdout_only_leaves_stderr_out()
    {
        var result = await fixture.RunAsync("run", "--rm", "--network", "none", "-a", "stdout", fixture.Image, "sh", "-c", "echo out; echo err >&2; exit 3");

        Assert.Equal(new CaisResult(3, "out\n", ""), result);
    }

    [Fact]
    public async Task Pid_host_sees_the_hosts_processes_and_container_mode_sees_the_other_containers()
    {
        var hostPid1 = (await File.ReadAllTextAsync("/proc/1/comm")).TrimEnd('\n');
        await fixture.OkAsync("run", "-d", "--name", "pid-donor", "--network", "none", fixture.Image, "sleep", "300");

        var host = await fixture.ShAsync("readlink /proc/self/ns/pid; cat /proc/1/comm", "--network", "none", "--pid", "host");
        var joined = await fixture.ShAsync("cat /proc/1/cmdline | tr '\\0' ' '", "--network", "none", "--pid", "container:pid-donor");

        Assert.Equal([HostNamespace("pid"), hostPid1], host.Split('\n'));
        Assert.Equal("sleep 300", joined.TrimEnd());
        var donorId = await fixture.InspectAsync("pid-donor", "{{.Id}}");
        var created = await fixture.OkAsync("create", "--pid", "container:pid-donor", fixture.Image);
        Assert.Equal("container:" + donorId, await fixture.InspectAsync(created, "{{.HostConfig.PidMode}}"));
    }

    [Fact]
    public async Task Ipc_container_mode_shares_a_shareable_containers_namespace_and_dev_shm()
    {
        await fixture.OkAsync("run", "-d", "--name", "ipc-donor", "--network", "none", "--ipc", "shareable", fixture.Image, "sleep", "300");
        await fixture.OkAsync("exec", "ipc-donor", "sh", "-c", "echo hello > /dev/shm/f");
        var donorNs = await fixture.OkAsync("exec", "ipc-donor", "readlink", "/proc/self/ns/ipc");

        var joined = await fixture.ShAsync("readlink /proc/self/ns/ipc; cat /dev/shm/f", "--network", "none", "--ipc", "container:ipc-donor");

        Assert.Equal([donorNs, "hello"], joined.Split('\n'));
        Assert.Equal("shareable", await fixture.InspectAsync("ipc-donor", "{{.HostConfig.IpcMode}}"));
        await fixture.OkAsync("rm", "-f", "ipc-donor");
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Ipc_of_a_private_container_cannot_be_joined()
    {
        var donor = await fixture.OkAsync("run", "-d", "--network", "none", fixture.Image, "sleep", "300");

        var result = await fixture.RunAsync("run", "--rm", "--network", "none", "--ipc", "container:" + donor, fixture.Image, "true");

        Assert.Equal(125, result.ExitCode);
        Assert.Contains($"can't join IPC of container {donor}: non-shareable IPC (hint: use IpcMode:shareable for the donor container)", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("private", await fixture.InspectAsync(donor, "{{.HostConfig.IpcMode}}"));
    }

    [Fact]
    public async Task Ipc_none_has_no_dev_shm_and_ipc_host_shares_the_hosts()
    {
        var none = await fixture.ShAsync("test -e /dev/shm && echo present || echo absent", "--network", "none", "--ipc", "none");
        var host = await fixture.ShAsync("readlink /proc/self/ns/ipc", "--network", "none", "--ipc", "host");

        Assert.Equal("absent", none);
        Assert.Equal(HostNamespace("ipc"), host);
    }

    [Fact]
    public async Task Uts_host_has_the_hosts_hostname_and_refuses_a_hostname()
    {
        var hostname = await fixture.ShAsync("hostname", "--network", "none", "--uts", "host");
        var refused = await fixture.RunAsync("run", "--rm", "--network", "none", "--uts", "host", "-h", "web", fixture.Image, "true");

        Assert.Equal((await File.ReadAllTextAsync("/proc/sys/kernel/hostname")).TrimEnd('\n'), hostname);
        Assert.Equal(125, refused.ExitCode);
        Assert.Contains("conflicting options: hostname and the UTS mode", refused.Stderr, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^0\.0\.0\.0:\d+->8080/tcp")]
    private static partial Regex PublishedPort();
}
