using Cais.Images.Listing;
using Cais.Metadata;

namespace Cais.Core.Tests.Images.Listing;

public sealed class ImageSummariesTests
{
    private const string Digest = "sha256:0000000000000000000000000000000000000000000000000000000000000001";

    private static readonly ImageRecord s_image = new()
    {
        Id = "sha256:1111111111111111111111111111111111111111111111111111111111111111",
        ManifestDigest = Digest,
        ManifestMediaType = "application/vnd.oci.image.manifest.v1+json",
        Layers = [],
        Created = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero),
        Size = 4242,
    };

    private static readonly ImageName[] s_tagged =
    [
        new("docker.io/library/busybox:latest", s_image.Id, IsDigest: false),
        new("docker.io/library/busybox:1.36", s_image.Id, IsDigest: false),
        new("localhost:5000/tools/bb:v1", s_image.Id, IsDigest: false),
        new("docker.io/library/busybox@" + Digest, s_image.Id, IsDigest: true),
    ];

    [Fact]
    public void Names_are_familiar_and_time_is_unix_seconds()
    {
        var summary = ImageSummaries.Build(s_image, s_tagged, reference: null)!;
        Assert.Equal(["busybox:latest", "busybox:1.36", "localhost:5000/tools/bb:v1"], summary.RepoTags);
        Assert.Equal(["busybox@" + Digest], summary.RepoDigests);
        Assert.Equal(s_image.Created.ToUnixTimeSeconds(), summary.Created);
        Assert.Equal(4242, summary.Size);
    }

    [Theory]
    [InlineData("busybox", new[] { "busybox:latest", "busybox:1.36" })]
    [InlineData("busybox:1.36", new[] { "busybox:1.36" })]
    [InlineData("localhost:5000/tools/bb", new[] { "localhost:5000/tools/bb:v1" })]
    public void A_reference_keeps_the_matching_tags(string reference, string[] tags) =>
        Assert.Equal(tags, ImageSummaries.Build(s_image, s_tagged, reference)!.RepoTags);

    [Fact]
    public void An_image_without_a_matching_name_is_left_out()
    {
        Assert.Null(ImageSummaries.Build(s_image, s_tagged, "alpine"));
        Assert.Null(ImageSummaries.Build(s_image, s_tagged, "busybox:musl"));
    }

    [Fact]
    public void An_untagged_image_matches_by_its_digest_names()
    {
        ImageName[] digestOnly = [new("docker.io/library/busybox@" + Digest, s_image.Id, IsDigest: true)];
        Assert.Equal(["busybox@" + Digest], ImageSummaries.Build(s_image, digestOnly, "busybox")!.RepoDigests);
        Assert.Null(ImageSummaries.Build(s_image, digestOnly, "alpine"));
        Assert.NotNull(ImageSummaries.Build(s_image, [], "<none>"));
    }
}
