using Cais.Api;
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

    private static ImageSummary? Build(IReadOnlyList<ImageName> names, string reference) =>
        ImageSummaries.Build(s_image, names, new ImageFilter(new FilterArgs().Add("reference", reference), _ => null, DateTimeOffset.UtcNow).KeepsName);

    [Fact]
    public void Names_are_familiar_and_time_is_unix_seconds()
    {
        var summary = ImageSummaries.Build(s_image, s_tagged, keepName: null)!;
        Assert.Equal(["busybox:latest", "busybox:1.36", "localhost:5000/tools/bb:v1"], summary.RepoTags);
        Assert.Equal(["busybox@" + Digest], summary.RepoDigests);
        Assert.Equal(s_image.Created.ToUnixTimeSeconds(), summary.Created);
        Assert.Equal(4242, summary.Size);
    }

    [Theory]
    [InlineData("busybox", new[] { "busybox:latest", "busybox:1.36" })]
    [InlineData("busybox:1.36", new[] { "busybox:1.36" })]
    [InlineData("localhost:5000/tools/bb", new[] { "localhost:5000/tools/bb:v1" })]
    [InlineData("*/*/bb:v*", new[] { "localhost:5000/tools/bb:v1" })]
    [InlineData("busy*:1.*", new[] { "busybox:1.36" })]
    public void A_reference_keeps_the_matching_tags(string reference, string[] tags) =>
        Assert.Equal(tags, Build(s_tagged, reference)!.RepoTags);

    [Fact]
    public void An_image_without_a_matching_name_is_left_out()
    {
        Assert.Null(Build(s_tagged, "alpine"));
        Assert.Null(Build(s_tagged, "busybox:musl"));
        Assert.Null(Build(s_tagged, "*bb*"));
    }

    [Fact]
    public void An_untagged_image_matches_by_its_digest_names_and_one_without_names_never()
    {
        ImageName[] digestOnly = [new("docker.io/library/busybox@" + Digest, s_image.Id, IsDigest: true)];
        Assert.Equal(["busybox@" + Digest], Build(digestOnly, "busybox")!.RepoDigests);
        Assert.Null(Build(digestOnly, "alpine"));
        Assert.Null(Build([], "<none>"));
        Assert.Null(Build([], "*"));
    }
}
