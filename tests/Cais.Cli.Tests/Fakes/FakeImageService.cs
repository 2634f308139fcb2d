using Cais.Common;
using Cais.Images;
using Cais.Metadata;
using Cais.Oci.Image;

namespace Cais.Cli.Tests.Fakes;

/// <summary>Records image operations; the images in <see cref="Local"/> exist, by name.</summary>
internal sealed class FakeImageService(CallLog log) : IImageService
{
    public Dictionary<string, ImageRecord> Local { get; } = new(StringComparer.Ordinal);

    /// <summary>The images by name: every <see cref="Local"/> image under each name it is known by.</summary>
    public IReadOnlyList<(ImageRecord Image, IReadOnlyList<ImageName> Names)> List() =>
        [.. Local.GroupBy(e => e.Value.Id).Select(g => (g.First().Value, (IReadOnlyList<ImageName>)[.. g.Where(e => e.Key != g.Key).Select(e => new ImageName(e.Key, g.Key, IsDigest: e.Key.Contains('@', StringComparison.Ordinal)))]))];

    public ImageRecord? Find(string nameOrId) => Local.GetValueOrDefault(nameOrId);

    public ImageRecord Get(string nameOrId) => Find(nameOrId) ?? throw EngineException.NotFound($"No such image: {nameOrId}");

    public IReadOnlyList<ImageName> NamesOf(string imageId) => [];

    public Task<ImageConfig> ReadConfigAsync(ImageRecord image, CancellationToken cancellationToken) => throw new NotSupportedException();

    public void Tag(string source, string target)
    {
        log.Record(source, $"Tag({source}, {target})");
        Get(source);
    }

    public Task<IReadOnlyList<Cais.Api.ImageDeleteResponseItem>> RemoveAsync(string nameOrId, bool force, CancellationToken cancellationToken)
    {
        log.Record(nameOrId, $"RemoveImage({nameOrId}, force: {force})");
        return Task.FromResult<IReadOnlyList<Cais.Api.ImageDeleteResponseItem>>([new Cais.Api.ImageDeleteResponseItem { Untagged = nameOrId }]);
    }

    public Task<Cais.Api.ImageInspect> InspectAsync(string nameOrId, CancellationToken cancellationToken)
    {
        log.Record(nameOrId, $"InspectImage({nameOrId})");
        throw new NotSupportedException();
    }

    /// <summary>What <see cref="ListAsync"/> answers.</summary>
    public List<Cais.Api.ImageSummary> Summaries { get; } = [];

    public Task<IReadOnlyList<Cais.Api.ImageSummary>> ListAsync(Cais.Api.ImageListOptions options, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Cais.Api.ImageSummary>>(Summaries);

    public Task<PullResult> PullAsync(string name, Platform? platform, IProgress<PullProgressEvent>? progress, CancellationToken cancellationToken)
    {
        log.Record(name, $"PullAsync({name})");
        throw new NotSupportedException();
    }
}
