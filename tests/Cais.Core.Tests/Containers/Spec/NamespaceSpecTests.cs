using Cais.Containers.Spec;
using Cais.Oci.Runtime;
using Cais.TestSupport;

namespace Cais.Core.Tests.Containers.Spec;

/// <summary>--pid, --ipc, --uts and --domainname in the generated spec.</summary>
public sealed class NamespaceSpecTests : IDisposable
{
    private readonly TempDirectory _rootfs = new("spec-ns");
    private readonly HostFacts _host = TestHosts.Restricted();

    public void Dispose() => _rootfs.Dispose();

    private Task<RuntimeSpec> Generate(SpecInput input) => SpecGenerator.GenerateAsync(input, _host, CancellationToken.None);

    private SpecInput Input() => TestHosts.Input(_rootfs, "true");

    private static SpecNamespace? Namespace(RuntimeSpec spec, string type) => spec.Linux.Namespaces!.SingleOrDefault(n => n.Type == type);

    private static SpecMount? Shm(RuntimeSpec spec) => spec.Mounts.SingleOrDefault(m => m.Destination == "/dev/shm");

    [Fact]
    public async Task By_default_pid_ipc_and_uts_are_new_and_shm_is_a_private_tmpfs()
    {
        var spec = await Generate(Input());

        foreach (var type in new[] { "pid", "ipc", "uts" })
        {
            Assert.Null(Assert.IsType<SpecNamespace>(Namespace(spec, type)).Path);
        }

        Assert.Equal("tmpfs", Shm(spec)!.Type);
        Assert.Equal("0123456789ab", spec.Hostname);
    }

    [Fact]
    public async Task Host_modes_leave_the_namespaces_out_and_set_no_hostname_in_the_hosts_uts()
    {
        var spec = await Generate(Input() with
        {
            Pid = NamespaceChoice.OfHost,
            Ipc = NamespaceChoice.OfHost,
            Uts = NamespaceChoice.OfHost,
            Shm = ShmChoice.Bind("/dev/shm"),
        });

        Assert.Null(Namespace(spec, "pid"));
        Assert.Null(Namespace(spec, "ipc"));
        Assert.Null(Namespace(spec, "uts"));
        Assert.NotNull(Namespace(spec, "mount"));
        Assert.Null(spec.Hostname);
        var shm = Shm(spec)!;
        Assert.Equal(("bind", "/dev/shm"), (shm.Type, shm.Source));
        Assert.Contains("rbind", shm.Options!);
    }

    [Fact]
    public async Task Container_modes_join_the_other_containers_namespaces_by_path()
    {
        var spec = await Generate(Input() with
        {
            Pid = NamespaceChoice.Join("/proc/42/ns/pid"),
            Ipc = NamespaceChoice.Join("/proc/42/ns/ipc"),
            Shm = ShmChoice.Bind("/var/lib/cais/containers/x/shm"),
        });

        Assert.Equal("/proc/42/ns/pid", Namespace(spec, "pid")!.Path);
        Assert.Equal("/proc/42/ns/ipc", Namespace(spec, "ipc")!.Path);
        Assert.Equal("/var/lib/cais/containers/x/shm", Shm(spec)!.Source);
    }

    [Fact]
    public async Task Ipc_none_has_no_dev_shm_but_keeps_mqueue()
    {
        var spec = await Generate(Input() with { Shm = ShmChoice.NoShm });

        Assert.Null(Shm(spec));
        Assert.Contains(spec.Mounts, m => m.Destination == "/dev/mqueue");
    }

    [Fact]
    public async Task Domainname_is_the_uts_namespaces_kernel_domainname()
    {
        var spec = await Generate(Input() with { Domainname = "example.com" });

        Assert.Equal("example.com", spec.Linux.Sysctl!["kernel.domainname"]);
    }

    [Fact]
    public async Task Domainname_is_set_with_host_networking_too()
    {
        var spec = await Generate(Input() with { Domainname = "example.com", NetworkMode = NetworkMode.Host });

        Assert.Equal(new Dictionary<string, string> { ["kernel.domainname"] = "example.com" }, spec.Linux.Sysctl);
    }
}
