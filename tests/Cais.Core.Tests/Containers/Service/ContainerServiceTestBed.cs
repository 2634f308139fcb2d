using Cais.Containers;
using Cais.Content;
using Cais.Distribution;
using Cais.Images;
using Cais.Metadata;
using Cais.Network;
using Cais.Snapshots;
using Cais.TestSupport;

namespace Cais.Core.Tests.Containers.Service;

/// <summary>
/// A container service made of its real non-root parts (SQLite records, content store, the copying snapshotter, an
/// image pulled through the real puller from an in-process registry) over the recording fake runtime. Needs no root
/// and starts no process.
/// </summary>
internal sealed class ContainerServiceTestBed : IDisposable
{
    public const string ImageName = "localhost/service-test:latest";

    private readonly TempDirectory _dir;

    private ContainerServiceTestBed(TempDirectory dir, MetadataStore metadata)
    {
        _dir = dir;
        Metadata = metadata;
        Snapshotter = new NaiveSnapshotter(dir.Combine("storage", "vfs"));
        Records = new ContainerRepository(metadata);
        ImageRecords = new ImageRepository(metadata);
        Images = new ImageService(ImageRecords, Records, new ContentStore(dir.Combine("content")), Snapshotter, dir.Combine("gc.lock"));
        Networks = new NetworkService(metadata, new NetworkServiceOptions
        {
            StateDirectory = dir.Combine("networks"),
            PluginDirectory = dir.Combine("no-plugins"),
            HostStateDirectory = dir.Combine("host"),
            ManageBridgeDevices = false,
            RouteSource = _ => Task.FromResult<IReadOnlyList<HostRoute>>([]),
        });
        Paths = new ContainerPaths(dir.Combine("containers"), dir.Combine("run", "containers"), dir.Combine("run", "exits"), dir.Combine("run", "locks"))
        {
            NetnsDir = dir.Combine("run", "netns"),
        };
        Service = new ContainerService(Paths, Records, Images, Snapshotter, Runtime, exitCommandPrefix: null, Networks);
    }

    public MetadataStore Metadata { get; }

    public FakeContainerRuntime Runtime { get; } = new();

    public ContainerService Service { get; }

    public ContainerRepository Records { get; }

    public ImageRepository ImageRecords { get; }

    public ImageService Images { get; }

    public NaiveSnapshotter Snapshotter { get; }

    public NetworkService Networks { get; }

    public ContainerPaths Paths { get; }

    public static async Task<ContainerServiceTestBed> CreateAsync()
    {
        var dir = new TempDirectory("cais-service");
        var bed = new ContainerServiceTestBed(dir, new MetadataStore(dir.Combine("cais.db")));
        var image = new OciImageBuilder { Cmd = ["/bin/app"], Env = [TestImages.DefaultPath] };
        image.AddLayer()
            .AddFile("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n")
            .AddFile("/etc/group", "root:x:0:\n")
            .AddFile("/bin/app", "#!/bin/sh\n", Perm.Octal(755));
        var blobs = dir.Combine("blobs");
        var built = await image.WriteBlobsAsync(blobs, CancellationToken.None);
        using var registry = new RegistryClient(new RegistryClientOptions { Handler = new BlobDirectoryRegistryHandler(blobs, built) });
        await new ImagePuller(registry, new ContentStore(dir.Combine("content")), bed.Snapshotter, bed.ImageRecords)
            .PullAsync(ImageName, platform: null, progress: null, CancellationToken.None);
        return bed;
    }

    /// <summary>Create options for the test image, without networking unless the test says otherwise.</summary>
    public static CreateOptions Options(string? name = null) => new() { Image = ImageName, Name = name, NetworkMode = "none" };

    public Task<ContainerRecord> CreateAsync(CreateOptions options) => Service.CreateAsync(options, CancellationToken.None);

    public async Task<ContainerRecord> RunAsync(CreateOptions options)
    {
        var created = await CreateAsync(options);
        return await Service.StartAsync(created.Id, beforeStart: null, CancellationToken.None);
    }

    public ContainerRecord? Find(string id) => Records.GetById(id);

    /// <summary>Another service over the same state, as a second cais process (or the API service) would build it.</summary>
    public ContainerService OtherProcess() =>
        new(Paths, new ContainerRepository(Metadata), Images, Snapshotter, Runtime, exitCommandPrefix: null, Networks);

    /// <summary>The containers that have a snapshot in the store.</summary>
    public IReadOnlyList<string> Snapshots()
    {
        var root = Path.Combine(_dir.Path, "storage", "vfs", "containers");
        return Directory.Exists(root) ? Directory.GetDirectories(root).Select(d => Path.GetFileName(d)!).ToList() : [];
    }

    public bool LockFileExists(string id) => File.Exists(Path.Combine(Paths.Locks, id));

    public bool ExitFileExists(string id) => File.Exists(Path.Combine(Paths.ExitDir, id));

    public void Dispose() => _dir.Dispose();
}
