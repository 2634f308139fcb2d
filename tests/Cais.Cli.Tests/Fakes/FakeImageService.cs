using Cais.Common;
using Cais.Images;
using Cais.Metadata;
using Cais.Oci.Image;

namespace Cais.Cli.Tests.Fakes;

/// <summary>Records image operations; the images in <see cref="Local"/> exist, by name.</summary>
internal sealed class FakeImageService(CallLog log) : IImageService
{
    public Dictionary<string, ImageRecord> Local { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<(ImageRecord Image, IReadOnlyList<ImageName> Names)> List() => throw new NotSupportedException();

    public ImageRecord? Find(string nameOrId) => Local.GetValueOrDefault(nameOrId);

    public ImageRecord Get(string nameOrId) => Find(nameOrId) ?? throw EngineException.NotFound($"No such image: {nameOrId}");

    public IReadOnlyList<ImageName> NamesOf(string imageId) => [];

    public Task<ImageConfig> ReadConfigAsync(ImageRecord image, CancellationToken cancellationToken) => throw new NotSupportedException();

    public void Tag(string source, string target)
    {
        log.Record(source, $"Tag({source}, {target})");
        Get(source);
    }

    public Task<IReadOnlyList<Cais.Api.ImageDeleteResponseItem>> RemoveAsync(string nameOrId, bool force, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<Cais.Api.ImageInspect> InspectAsync(string nameOrId, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <summary>What <see cref="ListSummaries"/> answers.</summary>
    public List<Cais.Api.ImageSummary> Summaries { get; } = [];

    public IReadOnlyList<Cais.Api.ImageSummary> ListSummaries(string? reference) => Summaries;

    public Task<PullResult> PullAsync(string name, Platform? platform, IProgress<PullProgressEvent>? progress, CancellationToken cancellationToken)
    {
        log.Record(name, $"PullAsync({name})");
        throw new NotSupportedException();
    }
}
