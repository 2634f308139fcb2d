using Cais.Containers;
using Cais.Content;
using Cais.Distribution;
using Cais.Events;
using Cais.Images;
using Cais.Linux.Commands;
using Cais.Metadata;
using Cais.Network;
using Cais.Network.Dns;
using Cais.Runtime;
using Cais.Snapshots;
using Microsoft.Extensions.Logging;

namespace Cais.Hosting;

/// <summary>
/// The composition root: every service is built here, explicitly, from <see cref="EngineOptions"/>.
/// The CLI uses one in-process; the API service will use the same one.
/// </summary>
public sealed partial class Engine : IEngineServices, IDisposable
{
    private readonly RegistryService _registries;

    public Engine(EngineOptions options)
    {
        var paths = options.Paths;
        PrepareStateDirectory(paths.Root, "--root");
        PrepareStateDirectory(paths.RunRoot, "--runroot");

        var metadata = new MetadataStore(paths.Database);
        // The one launcher of external programs (runc, conmon, ip, iptables, CNI plugins, cp, the resolver daemon).
        var commands = new NativeCommandRunner();
        // The events record every cais process on this state root appends to (see Cais.Events.EventJournal).
        var events = new EventJournal(paths.Events);
        var content = new ContentStore(paths.Content);
        var snapshotter = SnapshotterFactory.Open(paths.Storage, options.StorageDriver, commands);
        var imageRecords = new ImageRepository(metadata);
        var containerRecords = new ContainerRepository(metadata);
        _registries = new RegistryService(new DockerConfigFile(options.DockerConfigPath), options.InsecureRegistries, options.Loggers.CreateLogger("Cais.Distribution"));
        var images = new ImageService(imageRecords, containerRecords, content, snapshotter, Path.Combine(paths.Root, "gc.lock"))
        {
            RegistryClient = _registries.ClientAsync,
            EventSink = events,
            Logger = options.Loggers.CreateLogger("Cais.Images"),
        };
        Images = images;
        var runtime = new ConmonRuntime(new ConmonRuntimeOptions
        {
            RuntimeRoot = paths.RuncRoot,
            RuntimePath = options.RuntimePath,
            ConmonPath = options.ConmonPath,
            Commands = commands,
            Logger = options.Loggers.CreateLogger("Cais.Runtime"),
        });
        var networks = new NetworkService(metadata, new NetworkServiceOptions
        {
            StateDirectory = paths.Networks,
            Firewall = new Network.Firewall.NetworkFirewall(new Network.Firewall.NetworkFirewallOptions
            {
                Commands = commands,
                Logger = options.Loggers.CreateLogger("Cais.Network"),
            }),
            Commands = commands,
            Logger = options.Loggers.CreateLogger("Cais.Network"),
            Users = new ContainerNetworkUsers(containerRecords),
        })
        {
            EventSink = events,
        };
        Networks = networks;
        var resolver = new ResolverClient(new ResolverClientOptions
        {
            Networks = networks.Repository,
            Records = new ContainerDnsRecordSource(containerRecords),
            RunRoot = paths.RunRoot,
            Commands = commands,
            DaemonCommand = options.ExitCommandPrefix is { } prefix ? [.. prefix, .. ResolverDaemonArguments] : null,
        });
        Containers = new ContainerService(paths.Containers, containerRecords, images, snapshotter, runtime, options.ExitCommandPrefix, networks)
        {
            ResolverSync = async ct => await resolver.SyncAsync(ct).ConfigureAwait(false),
            ResolverCheck = resolver.EnsureRunningAsync,
            EventSink = events,
            Logger = options.Loggers.CreateLogger("Cais.Containers"),
        };
        System = new SystemService(options);
    }

    public IContainerService Containers { get; }

    public IImageService Images { get; }

    public INetworkService Networks { get; }

    public IRegistryService Registries => _registries;

    public ISystemService System { get; }

    /// <summary>What follows the cais command prefix to run the resolver daemon on this state.</summary>
    public static IReadOnlyList<string> ResolverDaemonArguments { get; } = ["system", "dns", "--daemon"];

    /// <summary>
    /// Creates a state directory owner-only. A path that is a file (or under one) or that cannot be created is the
    /// user's to fix, so it is reported as such, not as a crash.
    /// </summary>
    private static void PrepareStateDirectory(string path, string option)
    {
        for (var at = Path.GetFullPath(path); !string.IsNullOrEmpty(at); at = Path.GetDirectoryName(at))
        {
            if (File.Exists(at))
            {
                throw Common.EngineException.Invalid(at == Path.GetFullPath(path) ? $"{option} {path}: not a directory" : $"{option} {path}: {at} is not a directory");
            }
        }

        try
        {
            Directory.CreateDirectory(path);
            // State holds image contents and container filesystems: keep other users out (CVE-2021-41091).
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Common.EngineException(Common.ErrorKind.FailedPrecondition, $"{option} {path}: {e.Message}", e);
        }
    }

    public void Dispose() => _registries.Dispose();
}
