using Cais.Containers;
using Cais.Content;
using Cais.Distribution;
using Cais.Events;
using Cais.Images;
using Cais.Linux.Commands;
using Cais.Metadata;
using Cais.Network;
using Cais.Network.Dns;
using Cais.Oci.Image;
using Cais.Runtime;
using Cais.Snapshots;

namespace Cais.Hosting;

/// <summary>
/// The composition root: every service is built here, explicitly, from <see cref="EngineOptions"/>.
/// The CLI uses one in-process; the API service will use the same one.
/// </summary>
public sealed partial class Engine : IDisposable
{
    private RegistryClient? _registry;

    public Engine(EngineOptions options)
    {
        Options = options;
        var paths = options.Paths;
        PrepareStateDirectory(paths.Root, "--root");
        PrepareStateDirectory(paths.RunRoot, "--runroot");

        var metadata = new MetadataStore(paths.Database);
        // The one launcher of external programs (runc, conmon, ip, iptables, CNI plugins, cp, the resolver daemon).
        var commands = new NativeCommandRunner();
        // The events record every cais process on this state root appends to (see Cais.Events.EventJournal).
        var events = new EventJournal(paths.Events);
        Content = new ContentStore(paths.Content);
        Snapshotter = SnapshotterFactory.Open(paths.Storage, options.StorageDriver, commands);
        ImageRecords = new ImageRepository(metadata);
        ContainerRecords = new ContainerRepository(metadata);
        Credentials = new DockerConfigFile(options.DockerConfigPath);
        Images = new ImageService(ImageRecords, ContainerRecords, Content, Snapshotter, GcLockPath) { EventSink = events };
        Runtime = new ConmonRuntime(new ConmonRuntimeOptions
        {
            RuntimeRoot = paths.RuncRoot,
            RuntimePath = options.RuntimePath,
            ConmonPath = options.ConmonPath,
            Commands = commands,
        });
        Networks = new NetworkService(metadata, new NetworkServiceOptions
        {
            StateDirectory = paths.Networks,
            Firewall = new Network.Firewall.NetworkFirewall(new Network.Firewall.NetworkFirewallOptions { Commands = commands }),
            Commands = commands,
            Users = new ContainerNetworkUsers(ContainerRecords),
        })
        {
            EventSink = events,
        };
        Resolver = new ResolverClient(new ResolverClientOptions
        {
            Networks = Networks.Repository,
            Records = new ContainerDnsRecordSource(ContainerRecords),
            RunRoot = paths.RunRoot,
            Commands = commands,
            DaemonCommand = options.ExitCommandPrefix is { } prefix ? [.. prefix, .. ResolverDaemonArguments] : null,
        });
        Containers = new ContainerService(paths.Containers, ContainerRecords, Images, Snapshotter, Runtime, options.ExitCommandPrefix, Networks)
        {
            ResolverSync = async ct => await Resolver.SyncAsync(ct).ConfigureAwait(false),
            ResolverCheck = Resolver.EnsureRunningAsync,
            EventSink = events,
        };
    }

    public EngineOptions Options { get; }

    public ContentStore Content { get; }

    public ISnapshotter Snapshotter { get; }

    public ImageRepository ImageRecords { get; }

    public ContainerRepository ContainerRecords { get; }

    public DockerConfigFile Credentials { get; }

    /// <summary>The registry client, with the credentials config.json holds now.</summary>
    public async Task<RegistryClient> RegistryAsync(CancellationToken cancellationToken)
    {
        if (_registry is null)
        {
            var lookup = await Credentials.CreateCredentialLookupAsync(cancellationToken).ConfigureAwait(false);
            _registry = new RegistryClient(new RegistryClientOptions { InsecureHosts = Options.InsecureRegistries, CredentialLookup = lookup });
        }

        return _registry;
    }

    public ImageService Images { get; }

    public IContainerRuntime Runtime { get; }

    public ContainerService Containers { get; }

    public NetworkService Networks { get; }

    /// <summary>The resident DNS resolver of user-defined networks: sync it after attaching or detaching containers.</summary>
    public ResolverClient Resolver { get; }

    /// <summary>What follows the cais command prefix to run the resolver daemon on this state.</summary>
    public static IReadOnlyList<string> ResolverDaemonArguments { get; } = ["system", "dns", "--daemon"];

    private string GcLockPath => Path.Combine(Options.Paths.Root, "gc.lock");

    /// <summary>Pulls under a shared hold of the garbage-collection lock, so rmi never sweeps a layer mid-pull.</summary>
    public async Task<PullResult> PullAsync(string name, Platform? platform, IProgress<PullProgressEvent>? progress, CancellationToken cancellationToken)
    {
        try
        {
            using var hold = await Images.HoldAsync(cancellationToken).ConfigureAwait(false);
            Snapshotter.CleanupStale();
            var puller = new ImagePuller(await RegistryAsync(cancellationToken).ConfigureAwait(false), Content, Snapshotter, ImageRecords);
            var pulled = await puller.PullAsync(name, platform, progress, cancellationToken).ConfigureAwait(false);
            Images.RecordPull(pulled);
            return pulled;
        }
        catch
        {
            // A failed pull may have committed a config, an index or whole layers that no image records. Sweep them
            // (after the shared hold is released) so a failure leaves nothing behind. Partial downloads in the ingest
            // area are not garbage: the next pull resumes them.
            try
            {
                Images.TryCollectGarbage();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Common.EngineException)
            {
                // Tidying up must not hide why the pull failed; the next rmi sweeps again.
            }

            throw;
        }
    }

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

    public void Dispose()
    {
        _registry?.Dispose();
    }
}
