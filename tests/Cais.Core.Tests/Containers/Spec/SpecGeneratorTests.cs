using System.Text.Json;
using Cais.Common;
using Cais.Containers.Security;
using Cais.Containers.Spec;
using Cais.Oci;
using Cais.Oci.Image;
using Cais.Oci.Runtime;
using Cais.TestSupport;

namespace Cais.Core.Tests.Containers.Spec;

public sealed class SpecGeneratorTests : IDisposable
{
    private readonly TempDirectory _rootfs = new("spec-gen");
    private readonly HostFacts _host = TestHosts.Restricted();

    public void Dispose() => _rootfs.Dispose();

    private Task<RuntimeSpec> Generate(SpecInput input) => SpecGenerator.GenerateAsync(input, _host, CancellationToken.None);

    private SpecInput Input(params string[] cmd) => TestHosts.Input(_rootfs, cmd);

    [Fact]
    public async Task Default_container_has_dockers_process_settings()
    {
        var image = new ContainerDefaults { Env = ["LANG=C.UTF-8"], WorkingDir = "/srv", Cmd = ["nginx"] };

        var spec = await Generate(Input() with { Image = image, Cmd = [], Terminal = true });

        Assert.Equal(["nginx"], spec.Process.Args);
        Assert.Equal("/srv", spec.Process.Cwd);
        Assert.True(spec.Process.Terminal);
        Assert.Equal("0123456789ab", spec.Hostname);
        Assert.Equal(
            ["PATH=" + ProcessEnvironment.DefaultPath, "HOSTNAME=0123456789ab", "TERM=xterm", "LANG=C.UTF-8"],
            spec.Process.Env);
        Assert.Equal((0u, 0u), (spec.Process.User.Uid, spec.Process.User.Gid));
        Assert.False(spec.Process.NoNewPrivileges);
        Assert.Equal(0, spec.Process.OomScoreAdj);
        Assert.Equal(_rootfs.Path, spec.Root.Path);
    }

    [Fact]
    public async Task Default_capabilities_are_the_fourteen_with_empty_inheritable_and_ambient()
    {
        var caps = (await Generate(Input())).Process.Capabilities!;

        Assert.Equal(Capabilities.Default.Order(StringComparer.Ordinal), caps.Bounding.Order(StringComparer.Ordinal));
        Assert.Equal(caps.Bounding, caps.Effective);
        Assert.Equal(caps.Bounding, caps.Permitted);
        Assert.Empty(caps.Inheritable);
        Assert.Empty(caps.Ambient);
    }

    [Fact]
    public async Task Cap_add_and_drop_reach_the_spec_and_the_seccomp_filter()
    {
        var spec = await Generate(Input() with { CapAdd = ["SYS_ADMIN"], CapDrop = ["NET_RAW"] });

        Assert.Contains("CAP_SYS_ADMIN", spec.Process.Capabilities!.Bounding);
        Assert.DoesNotContain("CAP_NET_RAW", spec.Process.Capabilities!.Effective);
        Assert.Contains(spec.Linux.Seccomp!.Syscalls, s => s.Names.Contains("mount") && s.Action == "SCMP_ACT_ALLOW");
    }

    [Fact]
    public async Task Default_container_is_confined()
    {
        var spec = await Generate(Input());

        Assert.Equal(SecurityDefaults.MaskedPaths, spec.Linux.MaskedPaths);
        foreach (var path in new[] { "/proc/kcore", "/proc/keys", "/proc/interrupts", "/sys/firmware", "/sys/devices/virtual/powercap", "/proc/scsi" })
        {
            Assert.Contains(path, spec.Linux.MaskedPaths!);
        }

        Assert.Equal(["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"], spec.Linux.ReadonlyPaths);
        Assert.NotNull(spec.Linux.Seccomp);
        Assert.DoesNotContain(spec.Linux.Seccomp.Syscalls, s => s.Names.Contains("mount") && s.Action == "SCMP_ACT_ALLOW");

        var devices = spec.Linux.Resources!.Devices!;
        Assert.Equal(new SpecDeviceCgroup { Allow = false, Access = "rwm" }, devices[0]);
        Assert.Contains(new SpecDeviceCgroup { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "rwm" }, devices);
        Assert.Contains(new SpecDeviceCgroup { Allow = true, Type = "c", Major = 136, Access = "rwm" }, devices);
        Assert.DoesNotContain(devices, d => d.Allow && d.Major == 10 && d.Minor == 229 && d.Access!.Contains('r', StringComparison.Ordinal));
        Assert.DoesNotContain(devices, d => d.Allow && d.Type is null);
    }

    [Fact]
    public async Task Privileged_gets_host_caps_and_no_confinement()
    {
        var host = TestHosts.Restricted();

        var spec = await SpecGenerator.GenerateAsync(Input() with { Privileged = true }, host, CancellationToken.None);

        Assert.Equal(host.CapabilityBoundingSet, spec.Process.Capabilities!.Bounding);
        Assert.DoesNotContain("CAP_SYS_RESOURCE", spec.Process.Capabilities.Effective);
        Assert.Empty(spec.Process.Capabilities.Inheritable);
        Assert.Null(spec.Linux.Seccomp);
        Assert.Null(spec.Linux.MaskedPaths);
        Assert.Null(spec.Linux.ReadonlyPaths);
        Assert.Equal([new SpecDeviceCgroup { Allow = true, Access = "rwm" }], spec.Linux.Resources!.Devices);
        Assert.Contains("rw", spec.Mounts.Single(m => m.Destination == "/sys").Options!);
        Assert.DoesNotContain("ro", spec.Mounts.Single(m => m.Destination == "/sys").Options!);
    }

    [Fact]
    public async Task Every_container_has_the_default_pids_limit_on_v1_and_v2_hosts()
    {
        foreach (var host in new[] { TestHosts.Restricted(), TestHosts.Unified() })
        {
            foreach (var privileged in new[] { false, true })
            {
                var spec = await SpecGenerator.GenerateAsync(Input() with { Privileged = privileged, CgroupsPath = "/cais/c1" }, host, CancellationToken.None);

                Assert.Equal(2048, spec.Linux.Resources!.Pids!.Limit);
                Assert.Equal(2048, SecurityDefaults.PidsLimit);
                Assert.Equal("/cais/c1", spec.Linux.CgroupsPath);
            }
        }
    }

    [Fact]
    public async Task No_new_privileges_reaches_the_process()
    {
        var spec = await Generate(Input() with { Security = SecurityOptions.None with { NoNewPrivileges = true } });

        Assert.True(spec.Process.NoNewPrivileges);
        Assert.Contains("\"noNewPrivileges\":true", JsonSerializer.Serialize(spec, OciJsonContext.Default.RuntimeSpec), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Custom_seccomp_profile_replaces_the_default_but_not_for_privileged()
    {
        var profile = SeccompProfileLoader.Decode("""
            {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir"],"action":"SCMP_ACT_ERRNO","errnoRet":1}]}
            """);
        var security = SecurityOptions.None with { SeccompProfile = profile };

        var confined = await Generate(Input() with { Security = security });
        var privileged = await Generate(Input() with { Security = security, Privileged = true });

        Assert.Equal("SCMP_ACT_ALLOW", confined.Linux.Seccomp!.DefaultAction);
        var rule = Assert.Single(confined.Linux.Seccomp.Syscalls);
        Assert.Equal(["mkdir"], rule.Names);
        Assert.Equal(("SCMP_ACT_ERRNO", 1u), (rule.Action, rule.ErrnoRet));
        Assert.Null(privileged.Linux.Seccomp);
    }

    [Fact]
    public async Task Seccomp_unconfined_removes_only_seccomp()
    {
        var spec = await Generate(Input() with { Security = SecurityOptions.None with { SeccompUnconfined = true } });

        Assert.Null(spec.Linux.Seccomp);
        Assert.NotNull(spec.Linux.MaskedPaths);
        Assert.Equal(14, spec.Process.Capabilities!.Bounding.Count);
    }

    [Fact]
    public async Task Default_mounts_have_dockers_options_then_etc_files_then_binds()
    {
        var spec = await Generate(Input() with
        {
            ResolvConfPath = "/run/cais/c1/resolv.conf",
            EtcHostnamePath = "/run/cais/c1/hostname",
            EtcHostsPath = "/run/cais/c1/hosts",
            Mounts = [new BindMount("/srv/data", "/data/sub", ReadOnly: true), new BindMount("/srv/x", "/data/")],
        });

        var byDest = spec.Mounts.ToDictionary(m => m.Destination);
        Assert.Equal(("proc", "proc"), (byDest["/proc"].Type, byDest["/proc"].Source));
        Assert.Equal(["nosuid", "noexec", "nodev"], byDest["/proc"].Options);
        Assert.Equal(["nosuid", "strictatime", "mode=755", "size=65536k"], byDest["/dev"].Options);
        Assert.Equal(["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"], byDest["/dev/pts"].Options);
        Assert.Equal(["nosuid", "noexec", "nodev", "ro"], byDest["/sys"].Options);
        Assert.Equal("cgroup", byDest["/sys/fs/cgroup"].Type);
        Assert.Equal(["nosuid", "noexec", "nodev", "relatime", "ro"], byDest["/sys/fs/cgroup"].Options);
        Assert.Equal("mqueue", byDest["/dev/mqueue"].Type);
        Assert.Equal(["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"], byDest["/dev/shm"].Options);
        Assert.Equal(("bind", "/run/cais/c1/resolv.conf"), (byDest["/etc/resolv.conf"].Type, byDest["/etc/resolv.conf"].Source));
        Assert.Equal(["rbind", "rprivate"], byDest["/etc/hosts"].Options);
        Assert.Equal(["rbind", "ro", "rprivate"], byDest["/data/sub"].Options);
        Assert.Equal(["rbind", "rprivate"], byDest["/data"].Options);

        var order = spec.Mounts.Select(m => m.Destination).ToList();
        Assert.Equal(["/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm",
            "/etc/resolv.conf", "/etc/hostname", "/etc/hosts", "/data", "/data/sub"], order);
    }

    [Fact]
    public async Task User_bind_replaces_a_default_mount_at_the_same_place()
    {
        var spec = await Generate(Input() with { Mounts = [new BindMount("/big/shm", "/dev/shm")] });

        var shm = Assert.Single(spec.Mounts, m => m.Destination == "/dev/shm");
        Assert.Equal("bind", shm.Type);
    }

    [Theory]
    [InlineData("relative", "/data")]
    [InlineData("/src", "data")]
    [InlineData("/src", "/")]
    [InlineData("/src", "/a/..")]
    public async Task Bad_binds_are_rejected(string source, string destination)
    {
        var error = await Assert.ThrowsAsync<EngineException>(() => Generate(Input() with { Mounts = [new BindMount(source, destination)] }));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public async Task Namespaces_for_none_mode()
    {
        var spec = await Generate(Input());

        Assert.Equal(["pid", "ipc", "uts", "mount", "network"], spec.Linux.Namespaces.Select(n => n.Type));
        Assert.All(spec.Linux.Namespaces, n => Assert.Null(n.Path));
        Assert.Equal("0 2147483647", spec.Linux.Sysctl!["net.ipv4.ping_group_range"]);
    }

    [Fact]
    public async Task Namespaces_for_host_mode_share_the_host_network()
    {
        var spec = await Generate(Input() with { NetworkMode = NetworkMode.Host });

        Assert.DoesNotContain(spec.Linux.Namespaces, n => n.Type == "network");
        Assert.Contains(spec.Linux.Namespaces, n => n.Type == "uts");
        Assert.Null(spec.Linux.Sysctl);
    }

    [Fact]
    public async Task Namespaces_for_path_mode_join_the_given_namespace()
    {
        var spec = await Generate(Input() with { NetworkMode = NetworkMode.Path, NetworkNamespacePath = "/run/netns/cais-1" });

        Assert.Equal("/run/netns/cais-1", Assert.Single(spec.Linux.Namespaces, n => n.Type == "network").Path);
    }

    [Fact]
    public async Task Path_mode_without_a_path_is_rejected()
    {
        await Assert.ThrowsAsync<EngineException>(() => Generate(Input() with { NetworkMode = NetworkMode.Path }));
    }

    [Fact]
    public async Task Cgroup_namespace_only_on_pure_cgroup_v2()
    {
        Assert.DoesNotContain((await Generate(Input())).Linux.Namespaces, n => n.Type == "cgroup");

        var unified = await SpecGenerator.GenerateAsync(Input(), TestHosts.Unified(), CancellationToken.None);
        Assert.Contains(unified.Linux.Namespaces, n => n.Type == "cgroup");
    }

    [Fact]
    public async Task Nofile_limit_is_clamped_to_the_host_hard_limit()
    {
        var restricted = Assert.Single((await Generate(Input())).Process.Rlimits!);
        Assert.Equal(("RLIMIT_NOFILE", 20000ul, 20000ul), (restricted.Type, restricted.Soft, restricted.Hard));

        var unlimited = Assert.Single((await SpecGenerator.GenerateAsync(Input(), TestHosts.Unified(), CancellationToken.None)).Process.Rlimits!);
        Assert.Equal((1048576ul, 1048576ul), (unlimited.Soft, unlimited.Hard));
    }

    [Fact]
    public async Task User_from_image_is_resolved_in_the_rootfs()
    {
        Directory.CreateDirectory(Path.Combine(_rootfs.Path, "etc"));
        File.WriteAllText(Path.Combine(_rootfs.Path, "etc", "passwd"), "svc:x:101:102::/:/bin/false\n");
        File.WriteAllText(Path.Combine(_rootfs.Path, "etc", "group"), "svc:x:102:\nextra:x:500:svc\n");

        var spec = await Generate(Input() with { Image = new ContainerDefaults { User = "svc" } });

        Assert.Equal((101u, 102u), (spec.Process.User.Uid, spec.Process.User.Gid));
        Assert.Equal([102u, 500u], spec.Process.User.AdditionalGids);

        var overridden = await Generate(Input() with { Image = new ContainerDefaults { User = "svc" }, User = "7:8" });
        Assert.Equal((7u, 8u), (overridden.Process.User.Uid, overridden.Process.User.Gid));
    }

    [Fact]
    public async Task Misc_fields_are_passed_through()
    {
        var spec = await Generate(Input() with
        {
            Hostname = "web",
            CgroupsPath = "/cais/abc",
            Annotations = new Dictionary<string, string> { ["org.example"] = "1" },
            ReadonlyRootfs = true,
        });

        Assert.Equal("web", spec.Hostname);
        Assert.Contains("HOSTNAME=web", spec.Process.Env);
        Assert.Equal("/cais/abc", spec.Linux.CgroupsPath);
        Assert.Equal("1", spec.Annotations!["org.example"]);
        Assert.True(spec.Root.Readonly);
    }

    [Fact]
    public async Task Sync_and_async_generation_agree()
    {
        Directory.CreateDirectory(Path.Combine(_rootfs.Path, "etc"));
        File.WriteAllText(Path.Combine(_rootfs.Path, "etc", "passwd"), "svc:x:101:102::/:/bin/false\n");
        var input = Input() with { User = "svc" };

        var sync = SpecGenerator.Generate(input, _host);
        var async = await Generate(input);

        Assert.Equal(
            JsonSerializer.Serialize(async, OciJsonContext.Default.RuntimeSpec),
            JsonSerializer.Serialize(sync, OciJsonContext.Default.RuntimeSpec));
        Assert.Equal(101u, sync.Process.User.Uid);
    }

    [Fact]
    public async Task Spec_serializes_with_the_source_generated_context()
    {
        var spec = await Generate(Input("echo", "hi"));

        var json = JsonSerializer.Serialize(spec, OciJsonContext.Default.RuntimeSpec);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;

        Assert.Equal("echo", root.GetProperty("process").GetProperty("args")[0].GetString());
        Assert.Equal(0, root.GetProperty("process").GetProperty("capabilities").GetProperty("inheritable").GetArrayLength());
        Assert.Equal("SCMP_ACT_ERRNO", root.GetProperty("linux").GetProperty("seccomp").GetProperty("defaultAction").GetString());
        var maskedEq = root.GetProperty("linux").GetProperty("seccomp").GetProperty("syscalls").EnumerateArray()
            .Single(s => s.GetProperty("names")[0].GetString() == "clone").GetProperty("args")[0];
        Assert.Equal(2114060288ul, maskedEq.GetProperty("value").GetUInt64());
        Assert.Equal("SCMP_CMP_MASKED_EQ", maskedEq.GetProperty("op").GetString());
        Assert.False(root.TryGetProperty("annotations", out _));

        var back = JsonSerializer.Deserialize(json, OciJsonContext.Default.RuntimeSpec)!;
        Assert.Equal(spec.Process.Args, back.Process.Args);
        Assert.Equal(spec.Mounts.Count, back.Mounts.Count);
    }
}
