using Cais.Common;
using Cais.Containers.Security;
using Cais.Oci.Runtime;

namespace Cais.Containers.Spec;

/// <summary>
/// Turns image defaults and user options into an OCI runtime spec with Docker's defaults. Each concern lives
/// in its own class (<see cref="ProcessArgs"/>, <see cref="ProcessEnvironment"/>, <see cref="UserResolver"/>,
/// <see cref="Capabilities"/>, <see cref="SpecMounts"/>, <see cref="SpecNamespaces"/>, <see cref="SecurityDefaults"/>,
/// <see cref="DefaultSeccompProfile"/>, <see cref="SpecRlimits"/>); this class only assembles them.
/// The only I/O is reading the image's /etc/passwd and /etc/group under <see cref="SpecInput.RootfsPath"/>
/// (bounded and confined to the rootfs, see <see cref="UserResolver"/>).
/// </summary>
public static class SpecGenerator
{
    /// <summary>The spec for this machine (<see cref="HostFacts.Current"/>).</summary>
    public static RuntimeSpec Generate(SpecInput input) => Generate(input, HostFacts.Current);

    public static RuntimeSpec Generate(SpecInput input, HostFacts host)
    {
        var (spec, user) = Draft(input, host);
        return WithUser(spec, UserResolver.Resolve(input.RootfsPath, user));
    }

    public static async Task<RuntimeSpec> GenerateAsync(SpecInput input, HostFacts host, CancellationToken cancellationToken)
    {
        var (spec, user) = Draft(input, host);
        return WithUser(spec, await UserResolver.ResolveAsync(input.RootfsPath, user, cancellationToken).ConfigureAwait(false));
    }

    // Everything but the user, which needs the image's files: the cheap, purely local validation runs first.
    private static (RuntimeSpec Spec, string? User) Draft(SpecInput input, HostFacts host)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(host);
        if (string.IsNullOrEmpty(input.ContainerId))
        {
            throw EngineException.Invalid("container ID is required");
        }

        var image = input.Image;
        var hostname = string.IsNullOrEmpty(input.Hostname) ? input.ContainerId[..Math.Min(12, input.ContainerId.Length)] : input.Hostname;
        var caps = Capabilities.Compute(input.CapAdd, input.CapDrop, input.Privileged, host.CapabilityBoundingSet);
        var confined = !input.Privileged;

        var spec = new RuntimeSpec
        {
            Process = new SpecProcess
            {
                Terminal = input.Terminal,
                Args = ProcessArgs.Resolve(image, input.Cmd, input.Entrypoint),
                Env = ProcessEnvironment.Build(image?.Env, input.Env, hostname, input.Terminal),
                Cwd = WorkingDirectory.Resolve(input.WorkingDir, image?.WorkingDir),
                Capabilities = new SpecCapabilities { Bounding = caps, Effective = caps, Permitted = caps, Inheritable = [], Ambient = [] },
                Rlimits = SpecRlimits.Build(host.OpenFilesHardLimit),
                NoNewPrivileges = input.Security.NoNewPrivileges,
                ApparmorProfile = input.Security.AppArmorProfile,
                OomScoreAdj = 0,
            },
            Root = new SpecRoot { Path = input.RootfsPath, Readonly = input.ReadonlyRootfs },
            // The host's UTS namespace keeps the host's name: runc refuses to set one there.
            Hostname = input.Uts.Host ? null : hostname,
            Mounts = SpecMounts.Build(input),
            Annotations = input.Annotations is { Count: > 0 } annotations ? annotations : null,
            Linux = new SpecLinux
            {
                Sysctl = Sysctls(input.NetworkMode, input.Domainname, host),
                Resources = new SpecResources
                {
                    Devices = confined ? SecurityDefaults.DeviceRules : SecurityDefaults.PrivilegedDeviceRules,
                    Pids = new SpecPids { Limit = SecurityDefaults.PidsLimit },
                },
                CgroupsPath = input.CgroupsPath,
                Namespaces = SpecNamespaces.Build(input.NetworkMode, input.NetworkNamespacePath, host.CgroupV2Unified, input.Pid, input.Ipc, input.Uts),
                Seccomp = confined ? Seccomp(input.Security, caps, host) : null,
                MaskedPaths = confined ? SecurityDefaults.MaskedPaths : null,
                ReadonlyPaths = confined ? SecurityDefaults.ReadonlyPaths : null,
            },
        };

        ExecLimits.Check(spec.Process.Args, spec.Process.Env, host.StackSoftLimit);
        return (spec, !string.IsNullOrEmpty(input.User) ? input.User : image?.User);
    }

    // As in Docker, a privileged container has no filter, whatever profile was asked for.
    private static SpecSeccomp? Seccomp(SecurityOptions security, IReadOnlyCollection<string> caps, HostFacts host) =>
        security.SeccompUnconfined ? null
        : security.SeccompProfile is { } custom ? SeccompProfileLoader.Resolve(custom, caps, host)
        : DefaultSeccompProfile.Build(caps, host.Architecture);

    private static RuntimeSpec WithUser(RuntimeSpec spec, ResolvedUser user) => spec with
    {
        Process = spec.Process with
        {
            User = new SpecUser { Uid = user.Uid, Gid = user.Gid, AdditionalGids = user.AdditionalGids },
        },
    };

    // With its own network namespace the container may ping without CAP_NET_RAW and bind low ports without
    // CAP_NET_BIND_SERVICE: both only affect that namespace (Docker sets the same two).
    // --domainname is the UTS namespace's kernel.domainname, as Docker sets it.
    private static Dictionary<string, string>? Sysctls(NetworkMode mode, string? domainname, HostFacts host)
    {
        var sysctls = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(domainname))
        {
            sysctls["kernel.domainname"] = domainname;
        }

        if (mode == NetworkMode.Host)
        {
            return sysctls.Count > 0 ? sysctls : null;
        }

        if (host.HasPingGroupRange)
        {
            sysctls["net.ipv4.ping_group_range"] = "0 2147483647";
        }

        if (host.HasUnprivilegedPortStart)
        {
            sysctls["net.ipv4.ip_unprivileged_port_start"] = "0";
        }

        return sysctls.Count > 0 ? sysctls : null;
    }
}
