using System.Text.Json;
using Cais.Common;
using Cais.Oci;
using Cais.Oci.Image;

namespace Cais.TestSupport;

/// <summary>
/// Our own image writer for tests. A builder is either a single-platform image (layers + config) or, once
/// <see cref="AddPlatform"/> is used, an index over several such images. Output is reproducible: fixed
/// timestamps and seeded content give the same digests every run.
/// </summary>
public sealed class OciImageBuilder
{
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    /// <summary>The "created" time written into configs and history unless changed.</summary>
    public static readonly DateTimeOffset DefaultCreated = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly List<LayerBuilder> _layers = [];
    private readonly List<OciImageBuilder> _platforms = [];

    public OciImageBuilder(Platform? platform = null, ManifestFormat format = ManifestFormat.Oci)
    {
        Platform = platform ?? new Platform { Os = Platform.Host.Os, Architecture = Platform.Host.Architecture, Variant = Platform.Host.Variant };
        Format = format;
    }

    public Platform Platform { get; set; }

    /// <summary>OCI or Docker schema 2 media types (for the index too).</summary>
    public ManifestFormat Format { get; set; }

    public IList<string>? Env { get; set; }

    public IList<string>? Cmd { get; set; }

    public IList<string>? Entrypoint { get; set; }

    public string? WorkingDir { get; set; }

    public string? User { get; set; }

    public IDictionary<string, string>? Labels { get; set; }

    public IList<string>? ExposedPorts { get; set; }

    public IList<string>? Volumes { get; set; }

    public string? StopSignal { get; set; }

    public DateTimeOffset Created { get; set; } = DefaultCreated;

    /// <summary>Manifest annotations.</summary>
    public IDictionary<string, string>? Annotations { get; set; }

    public IReadOnlyList<LayerBuilder> Layers => _layers;

    public IReadOnlyList<OciImageBuilder> Platforms => _platforms;

    public bool IsIndex => _platforms.Count > 0;

    /// <summary>Starts a new top layer and returns it for filling.</summary>
    public LayerBuilder AddLayer(LayerCompression compression = LayerCompression.Gzip, string? createdBy = null)
    {
        var layer = new LayerBuilder(compression) { CreatedBy = createdBy };
        return AddLayer(layer).Layers[^1];
    }

    public OciImageBuilder AddLayer(LayerBuilder layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (IsIndex)
        {
            throw new InvalidOperationException("an index builder has platforms, not layers");
        }

        _layers.Add(layer);
        return this;
    }

    /// <summary>Adds a platform image; this builder then writes an index (in this builder's <see cref="Format"/>).</summary>
    public OciImageBuilder AddPlatform(OciImageBuilder image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (_layers.Count > 0)
        {
            throw new InvalidOperationException("an image builder with layers cannot also be an index");
        }

        if (image.IsIndex)
        {
            throw new InvalidOperationException("nested indexes are not supported");
        }

        _platforms.Add(image);
        return this;
    }

    /// <summary>Writes every blob (layers, configs, manifests, index) as &lt;hex&gt; files in <paramref name="blobDirectory"/>.</summary>
    public async Task<BuiltImage> WriteBlobsAsync(string blobDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(blobDirectory);
        if (!IsIndex)
        {
            var manifest = await WriteManifestAsync(blobDirectory, cancellationToken).ConfigureAwait(false);
            return new BuiltImage(manifest.Digest, manifest.Size, manifest.MediaType, [manifest]);
        }

        var manifests = new List<BuiltManifest>();
        foreach (var platform in _platforms)
        {
            manifests.Add(await platform.WriteManifestAsync(blobDirectory, cancellationToken).ConfigureAwait(false));
        }

        var index = new ImageIndex
        {
            MediaType = Format == ManifestFormat.Docker ? MediaTypes.DockerManifestList : MediaTypes.OciIndex,
            Manifests = manifests.Select(m => m.ToDescriptor(withPlatform: true)).ToList(),
            Annotations = Annotations is { Count: > 0 } ? new Dictionary<string, string>(Annotations) : null,
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(index, OciJsonContext.Default.ImageIndex);
        var digest = await WriteBlobAsync(blobDirectory, bytes, cancellationToken).ConfigureAwait(false);
        return new BuiltImage(digest, bytes.Length, index.MediaType, manifests);
    }

    /// <summary>
    /// Writes (or adds to) an OCI image layout at <paramref name="directory"/>: oci-layout, blobs/sha256/&lt;hex&gt;,
    /// and index.json naming this image <paramref name="tag"/> (replacing an earlier image of that name).
    /// </summary>
    public async Task<BuiltImage> WriteOciLayoutAsync(string directory, string tag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(tag);
        Directory.CreateDirectory(directory);
        var built = await WriteBlobsAsync(Path.Combine(directory, "blobs", "sha256"), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}", cancellationToken).ConfigureAwait(false);

        var indexPath = Path.Combine(directory, "index.json");
        var existing = new List<Descriptor>();
        if (File.Exists(indexPath))
        {
            var bytes = await File.ReadAllBytesAsync(indexPath, cancellationToken).ConfigureAwait(false);
            var old = JsonSerializer.Deserialize(bytes, OciJsonContext.Default.ImageIndex);
            existing.AddRange((old?.Manifests ?? []).Where(d => d.Annotations is null || !d.Annotations.TryGetValue(RefNameAnnotation, out var name) || name != tag));
        }

        existing.Add(built.ToDescriptor() with { Annotations = new Dictionary<string, string> { [RefNameAnnotation] = tag } });
        var layoutIndex = new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = existing };
        await File.WriteAllBytesAsync(indexPath, JsonSerializer.SerializeToUtf8Bytes(layoutIndex, OciJsonContext.Default.ImageIndex), cancellationToken).ConfigureAwait(false);
        return built;
    }

    public Task<PublishedImage> PublishAsync(string registryHost, string repoTag, CancellationToken cancellationToken) =>
        PublishAsync(registryHost, repoTag, null, cancellationToken);

    /// <summary>
    /// Pushes the image with skopeo (an independent pusher, so our puller is tested against content we did not
    /// upload ourselves). Digests are preserved; a mismatch with what we computed fails loudly.
    /// </summary>
    public async Task<PublishedImage> PublishAsync(string registryHost, string repoTag, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registryHost);
        ArgumentNullException.ThrowIfNull(repoTag);
        var (repository, tag) = SplitRepoTag(repoTag);
        var skopeo = Requires.FindTool("skopeo") ?? throw new InvalidOperationException("skopeo not found on PATH; run scripts/setup.sh");
        using var temp = new TempDirectory("cais-publish");
        var layout = temp.Combine("layout");

        // skopeo's oci: transport only resolves OCI-typed manifests, so Docker schema 2 goes through dir:.
        var docker = Format == ManifestFormat.Docker;
        var built = docker
            ? await WriteSkopeoDirAsync(layout, cancellationToken).ConfigureAwait(false)
            : await WriteOciLayoutAsync(layout, tag, cancellationToken).ConfigureAwait(false);
        var digestFile = temp.Combine("digest");
        var args = new List<string>
        {
            "--insecure-policy", "copy", "--all", "--preserve-digests", "--quiet", "--retry-times", "2",
            "--dest-tls-verify=false", "--digestfile", digestFile,
        };
        if (credential is not null)
        {
            args.Add("--dest-creds");
            args.Add($"{credential.User}:{credential.Password}");
        }
        else
        {
            args.Add("--dest-no-creds");
        }

        args.Add(docker ? $"dir:{layout}" : $"oci:{layout}:{tag}");
        args.Add($"docker://{registryHost}/{repository}:{tag}");
        await ExternalTool.RunCheckedAsync(skopeo, args, cancellationToken).ConfigureAwait(false);

        var pushed = (await File.ReadAllTextAsync(digestFile, cancellationToken).ConfigureAwait(false)).Trim();
        if (pushed != built.Digest.ToString())
        {
            throw new InvalidOperationException($"skopeo pushed {pushed} but the builder wrote {built.Digest}");
        }

        return new PublishedImage(registryHost, repository, tag, built);
    }

    /// <summary>
    /// Writes the image in skopeo's "dir:" layout (format 1.1): blobs as &lt;hex&gt;, the top manifest as
    /// manifest.json and, for an index, each platform manifest as &lt;hex&gt;.manifest.json.
    /// </summary>
    public async Task<BuiltImage> WriteSkopeoDirAsync(string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var built = await WriteBlobsAsync(directory, cancellationToken).ConfigureAwait(false);
        File.Copy(Path.Combine(directory, built.Digest.Hex), Path.Combine(directory, "manifest.json"), overwrite: true);
        if (built.IsIndex)
        {
            foreach (var manifest in built.Manifests)
            {
                File.Copy(Path.Combine(directory, manifest.Digest.Hex), Path.Combine(directory, manifest.Digest.Hex + ".manifest.json"), overwrite: true);
            }
        }

        await File.WriteAllTextAsync(Path.Combine(directory, "version"), "Directory Transport Version: 1.1\n", cancellationToken).ConfigureAwait(false);
        return built;
    }

    /// <summary>"repo/path:tag" into its parts; the tag defaults to "latest".</summary>
    public static (string Repository, string Tag) SplitRepoTag(string repoTag)
    {
        ArgumentNullException.ThrowIfNull(repoTag);
        var colon = repoTag.LastIndexOf(':');
        return colon > repoTag.LastIndexOf('/') ? (repoTag[..colon], repoTag[(colon + 1)..]) : (repoTag, "latest");
    }

    private async Task<BuiltManifest> WriteManifestAsync(string blobDirectory, CancellationToken cancellationToken)
    {
        var layers = new List<BuiltLayer>();
        foreach (var layer in _layers)
        {
            layers.Add(await layer.WriteBlobAsync(blobDirectory, Format, cancellationToken).ConfigureAwait(false));
        }

        var config = new ImageConfig
        {
            Created = Created,
            Architecture = Platform.Architecture,
            Os = Platform.Os,
            Variant = Platform.Variant,
            Config = new ContainerDefaults
            {
                User = User,
                Env = Env?.ToList(),
                Entrypoint = Entrypoint?.ToList(),
                Cmd = Cmd?.ToList(),
                WorkingDir = WorkingDir,
                Labels = Labels is { Count: > 0 } ? new Dictionary<string, string>(Labels) : null,
                ExposedPorts = ExposedPorts is { Count: > 0 } ? ExposedPorts.ToDictionary(p => p, _ => new EmptyObject()) : null,
                Volumes = Volumes is { Count: > 0 } ? Volumes.ToDictionary(v => v, _ => new EmptyObject()) : null,
                StopSignal = StopSignal,
            },
            RootFs = new RootFs { DiffIds = layers.Select(l => l.DiffId.ToString()).ToList() },
            History = _layers.Select(l => new HistoryEntry { Created = Created, CreatedBy = l.CreatedBy ?? "cais-test layer" }).ToList(),
        };
        var configBytes = JsonSerializer.SerializeToUtf8Bytes(config, OciJsonContext.Default.ImageConfig);
        var configDigest = await WriteBlobAsync(blobDirectory, configBytes, cancellationToken).ConfigureAwait(false);

        var docker = Format == ManifestFormat.Docker;
        var manifest = new ImageManifest
        {
            MediaType = docker ? MediaTypes.DockerManifest : MediaTypes.OciManifest,
            Config = new Descriptor
            {
                MediaType = docker ? MediaTypes.DockerConfig : MediaTypes.OciConfig,
                Digest = configDigest.ToString(),
                Size = configBytes.Length,
            },
            Layers = layers.Select(l => l.ToDescriptor()).ToList(),
            Annotations = !docker && Annotations is { Count: > 0 } ? new Dictionary<string, string>(Annotations) : null,
        };
        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, OciJsonContext.Default.ImageManifest);
        var manifestDigest = await WriteBlobAsync(blobDirectory, manifestBytes, cancellationToken).ConfigureAwait(false);
        return new BuiltManifest(manifestDigest, manifestBytes.Length, manifest.MediaType, Platform, manifest, configDigest, config, layers);
    }

    private static async Task<Digest> WriteBlobAsync(string blobDirectory, byte[] bytes, CancellationToken cancellationToken)
    {
        var digest = Digest.Compute(bytes);
        await File.WriteAllBytesAsync(Path.Combine(blobDirectory, digest.Hex), bytes, cancellationToken).ConfigureAwait(false);
        return digest;
    }
}
