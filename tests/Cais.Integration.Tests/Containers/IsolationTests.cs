using System.Globalization;

namespace Cais.Integration.Tests.Containers;

/// <summary>Network modes and the security defaults of a container (security.md B4 item 11).</summary>
[Collection(HostNetworkCollection.Name)]
public sealed class IsolationTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
{
    /// <summary>Docker's default capability set: CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP NET_BIND_SERVICE NET_RAW SYS_CHROOT MKNOD AUDIT_WRITE SETFCAP.</summary>
    private const ulong DefaultCaps = 0xa80425fb;

    private const int CapSysAdmin = 21;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => fixture.RemoveAllAsync();

    [Fact]
    public async Task Network_none_has_only_an_up_loopback_in_its_own_namespace()
    {
        var output = await fixture.ShAsync(
            "echo \"links=$(ls /sys/class/net | tr '\\n' ' ')\"; ip link show lo | head -1; ip addr show lo | grep -c 'inet 127.0.0.1/8';"
            + " echo \"dev=$(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | tr '\\n' ' ')\"; echo \"netns=$(readlink /proc/self/ns/net)\"", "--network", "none");
        var lines = output.Split('\n');

        Assert.Equal("links=lo ", lines[0]);
        Assert.Contains("<LOOPBACK,UP,LOWER_UP>", lines[1], StringComparison.Ordinal);
        Assert.Equal("1", lines[2]);
        Assert.Equal("dev=lo ", lines[3]);
        Assert.NotEqual("netns=" + HostNetNamespace(), lines[4]);
        Assert.StartsWith("netns=net:[", lines[4], StringComparison.Ordinal);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Host_network_shares_the_host_interfaces()
    {
        var output = await fixture.ShAsync("ls /sys/class/net; readlink /proc/self/ns/net", "--network", "host");
        var lines = output.Split('\n');
        // Containers of tests running in parallel come and go on the default bridge with their veths: compare the rest.
        static bool Stable(string? name) => name is not null && !name.StartsWith("veth", StringComparison.Ordinal);
        var hostLinks = Directory.GetFileSystemEntries("/sys/class/net").Select(Path.GetFileName).Where(Stable).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(hostLinks, lines[..^1].Where(Stable).Order(StringComparer.Ordinal));
        Assert.Equal(HostNetNamespace(), lines[^1]);
        Assert.Equal("host", await InspectNetworkModeAsync("--network", "host"));
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Default_container_has_docker_capabilities_seccomp_and_no_new_privs_off()
    {
        var status = ParseStatus(await fixture.ShAsync("cat /proc/self/status"));

        Assert.Equal(DefaultCaps, Hex(status["CapEff"]));
        Assert.Equal(DefaultCaps, Hex(status["CapPrm"]));
        Assert.Equal(DefaultCaps, Hex(status["CapBnd"]));
        Assert.Equal(0UL, Hex(status["CapInh"]));
        Assert.Equal(0UL, Hex(status["CapAmb"]));
        Assert.Equal("2", status["Seccomp"]);
        Assert.Equal("0", status["NoNewPrivs"]);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Sensitive_proc_and_sys_paths_are_masked_or_read_only()
    {
        var script = string.Join("; ",
            "echo \"keys=$(cat /proc/keys | wc -c)\"",
            "echo \"timer_list=$(cat /proc/timer_list | wc -c)\"",
            "if [ -e /proc/kcore ]; then echo \"kcore=$(head -c 16 /proc/kcore | wc -c)\"; else echo kcore=absent; fi",
            "echo \"firmware=$(ls -A /sys/firmware | wc -l)\"",
            "echo x > /proc/sys/kernel/hostname 2>/dev/null; echo \"sys_write=$?\"",
            "echo h > /proc/sysrq-trigger 2>/dev/null; echo \"sysrq_write=$?\"",
            "echo \"hostname=$(hostname)\"");
        var facts = ParseFacts(await fixture.ShAsync(script, "--hostname", "unchanged"));

        Assert.Equal("0", facts["keys"]);
        Assert.Equal("0", facts["timer_list"]);
        Assert.Equal(File.Exists("/proc/kcore") ? "0" : "absent", facts["kcore"]);
        Assert.Equal("0", facts["firmware"]);
        Assert.NotEqual("0", facts["sys_write"]);
        Assert.NotEqual("0", facts["sysrq_write"]);
        Assert.Equal("unchanged", facts["hostname"]);

        // On the host these are not empty, so the empty ones inside really are masks.
        Assert.NotEqual(0, (await File.ReadAllTextAsync("/proc/keys")).Length);
        Assert.NotEmpty(Directory.GetFileSystemEntries("/sys/firmware"));
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Mount_and_unshare_are_refused_and_nofile_stays_within_the_host_limit()
    {
        var script = string.Join("; ",
            "mkdir -p /tmp/m; mount -t tmpfs x /tmp/m 2>/dev/null; echo \"mount=$?\"",
            "unshare -m true 2>/dev/null; echo \"unshare=$?\"",
            "echo \"soft=$(ulimit -n)\"",
            "echo \"hard=$(ulimit -Hn)\"");
        var facts = ParseFacts(await fixture.ShAsync(script));

        Assert.NotEqual("0", facts["mount"]);
        Assert.NotEqual("0", facts["unshare"]);
        var soft = ulong.Parse(facts["soft"], CultureInfo.InvariantCulture);
        var hard = ulong.Parse(facts["hard"], CultureInfo.InvariantCulture);
        Assert.True(soft <= hard, $"soft {soft} > hard {hard}");
        Assert.True(hard <= HostNofileHardLimit(), $"container hard nofile {hard} > host hard limit {HostNofileHardLimit()}");
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Privileged_gives_more_capabilities_and_allows_mount()
    {
        var output = await fixture.ShAsync("grep CapEff /proc/self/status; mkdir -p /tmp/m; mount -t tmpfs x /tmp/m && echo mounted", "--privileged");
        var lines = output.Split('\n');
        var caps = Hex(lines[0].Split(':')[1].Trim());

        Assert.NotEqual(DefaultCaps, caps);
        Assert.Equal(DefaultCaps, caps & DefaultCaps);
        Assert.NotEqual(0UL, caps & (1UL << CapSysAdmin));
        Assert.Equal("mounted", lines[1]);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Cap_drop_all_and_cap_add_change_the_effective_set()
    {
        var dropped = ParseStatus(await fixture.ShAsync("cat /proc/self/status", "--cap-drop", "ALL"));
        Assert.Equal(0UL, Hex(dropped["CapEff"]));
        Assert.Equal(0UL, Hex(dropped["CapBnd"]));

        var added = ParseStatus(await fixture.ShAsync("cat /proc/self/status", "--cap-add", "SYS_ADMIN"));
        Assert.Equal(DefaultCaps | (1UL << CapSysAdmin), Hex(added["CapEff"]));
        await fixture.AssertNothingLeftAsync();
    }

    private async Task<string> InspectNetworkModeAsync(params string[] flags)
    {
        var id = await fixture.OkAsync([.. new[] { "create" }, .. flags, fixture.Image, "true"]);
        var mode = await fixture.InspectAsync(id, "{{.HostConfig.NetworkMode}}");
        await fixture.OkAsync("rm", id);
        return mode;
    }

    private static string HostNetNamespace() => new FileInfo("/proc/self/ns/net").LinkTarget!;

    private static ulong HostNofileHardLimit()
    {
        var line = File.ReadLines("/proc/self/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields[1] == "unlimited" ? ulong.MaxValue : ulong.Parse(fields[1], CultureInfo.InvariantCulture);
    }

    private static ulong Hex(string value) => ulong.Parse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static Dictionary<string, string> ParseStatus(string status) =>
        status.Split('\n').Where(l => l.Contains(':', StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)], l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());

    private static Dictionary<string, string> ParseFacts(string output) =>
        output.Split('\n').ToDictionary(l => l.Split('=', 2)[0], l => l.Split('=', 2)[1]);
}
