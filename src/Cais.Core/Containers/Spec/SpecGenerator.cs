using Cais.Common;
using Cais.Oci.Runtime;

namespace Cais.Containers.Spec;

/// <summary>
/// Turns image defaults and user options into an OCI runtime spec with Docker's defaults. Each concern lives
/// in its own class (<see cref="ProcessArgs"/>, <see cref="ProcessEnvironment"/>, <see cref="UserResolver"/>,
/// <see cref="Capabilities"/>, <see cref="SpecMounts"/>, <see cref="SpecNamespaces"/>, <see cref="SecurityDefaults"/>,
/// <see cref="DefaultSeccompProfile"/>, <see cref="SpecRlimits"/>); this class only assembles them.
/// </summary>
public sealed class SpecGenerator(HostFacts host)
{
    public HostFacts Host { get; } = host;

    /// <summary>A generator for the machine this process runs on.</summary>
    public static async Task<SpecGenerator> ForThisHostAsync(CancellationToken cancellationToken) =>
        new(await HostFacts.DetectAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Builds the spec. Reads the image's /etc/passwd and /etc/group under <see cref="SpecInput.RootfsPath"/>
    /// (safely, see <see cref="UserResolver"/>) and nothing else.
    /// </summary>
    public async Task<RuntimeSpec> GenerateAsync(SpecInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (string.IsNullOrEmpty(input.ContainerId))
        {
            throw EngineException.Invalid("container ID is required");
        }

        var image = input.Image;
        var hostname = string.IsNullOrEmpty(input.Hostname) ? input.ContainerId[..Math.Min(12, input.ContainerId.Length)] : input.Hostname;

        // Validate the cheap, purely local inputs before reading anything from the image.
        var args = ProcessArgs.Resolve(image, input.Cmd, input.Entrypoint);
        var cwd = WorkingDirectory.Resolve(input.WorkingDir, image?.WorkingDir);
        var env = ProcessEnvironment.Build(image?.Env, input.Env, hostname, input.Terminal);
        var caps = Capabilities.Compute(input.CapAdd, input.CapDrop, input.Privileged, Host.CapabilityBoundingSet);
        var namespaces = SpecNamespaces.Build(input.NetworkMode, input.NetworkNamespacePath, Host.CgroupV2Unified);
        var mounts = SpecMounts.Build(input);

        var userSpec = !string.IsNullOrEmpty(input.User) ? input.User : image?.User;
        var user = await UserResolver.ResolveAsync(input.RootfsPath, userSpec, cancellationToken).ConfigureAwait(false);

        var confined = !input.Privileged;
        return new RuntimeSpec
        {
            Process = new SpecProcess
            {
                Terminal = input.Terminal,
                User = new SpecUser { Uid = user.Uid, Gid = user.Gid, AdditionalGids = user.AdditionalGids },
                Args = args,
                Env = env,
                Cwd = cwd,
                Capabilities = new SpecCapabilities { Bounding = caps, Effective = caps, Permitted = caps, Inheritable = [], Ambient = [] },
                Rlimits = SpecRlimits.Build(Host.OpenFilesHardLimit),
                NoNewPrivileges = false,
                OomScoreAdj = 0,
            },
            Root = new SpecRoot { Path = input.RootfsPath, Readonly = input.ReadonlyRootfs },
            Hostname = hostname,
            Mounts = mounts,
            Annotations = input.Annotations is { Count: > 0 } annotations ? annotations : null,
            Linux = new SpecLinux
            {
                Sysctl = Sysctls(input.NetworkMode),
                Resources = new SpecResources { Devices = confined ? SecurityDefaults.DeviceRules : SecurityDefaults.PrivilegedDeviceRules },
                CgroupsPath = input.CgroupsPath,
                Namespaces = namespaces,
                Seccomp = confined && !input.SeccompUnconfined ? DefaultSeccompProfile.Build(caps, Host.Architecture) : null,
                MaskedPaths = confined ? SecurityDefaults.MaskedPaths : null,
                ReadonlyPaths = confined ? SecurityDefaults.ReadonlyPaths : null,
            },
        };
    }

    // With its own network namespace the container may ping without CAP_NET_RAW and bind low ports without
    // CAP_NET_BIND_SERVICE: both only affect that namespace (Docker sets the same two).
    private Dictionary<string, string>? Sysctls(NetworkMode mode)
    {
        if (mode == NetworkMode.Host)
        {
            return null;
        }

        var sysctls = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Host.HasPingGroupRange)
        {
            sysctls["net.ipv4.ping_group_range"] = "0 2147483647";
        }

        if (Host.HasUnprivilegedPortStart)
        {
            sysctls["net.ipv4.ip_unprivileged_port_start"] = "0";
        }

        return sysctls.Count > 0 ? sysctls : null;
    }
}
