using Cais.Api;
using Cais.Common;
using Cais.Distribution;
using Cais.Images.Listing;
using Cais.Metadata;

namespace Cais.Core.Tests.Images.Listing;

/// <summary>The images filters on records made here (Docker's behaviour checked against dockerd).</summary>
public sealed class ImageFilterTests
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly ImageRecord s_old = Image('1', -60);
    private static readonly ImageRecord s_mid = Image('2', -30);
    private static readonly ImageRecord s_new = Image('3', -1);

    private static ImageRecord Image(char hex, int minutes) => new()
    {
        Id = "sha256:" + new string(hex, 64),
        ManifestDigest = "sha256:" + new string('f', 64),
        ManifestMediaType = "application/vnd.oci.image.manifest.v1+json",
        Layers = [],
        Created = s_now.AddMinutes(minutes),
    };

    private static ImageFilter Filter(params string[] filters) =>
        new(FilterArgs.FromPairs(filters.Select(FilterSyntax.Split)),
            name => name switch { "busybox" or "busybox:latest" => s_old, "app:v1" => s_mid, _ => null },
            s_now);

    [Fact]
    public void Dangling_selects_untagged_or_tagged_images()
    {
        Assert.True(Filter("dangling=true").Matches(s_new, tagged: false, labels: null));
        Assert.False(Filter("dangling=true").Matches(s_new, tagged: true, labels: null));
        Assert.True(Filter("dangling=false").Matches(s_new, tagged: true, labels: null));
        Assert.False(Filter("dangling=false").Matches(s_new, tagged: false, labels: null));
    }

    [Fact]
    public void Labels_must_all_hold()
    {
        var labels = new Dictionary<string, string> { ["stage"] = "one", ["team"] = "web" };
        Assert.True(Filter("label=stage").Matches(s_new, true, labels));
        Assert.True(Filter("label=stage=one", "label=team").Matches(s_new, true, labels));
        Assert.False(Filter("label=stage=one", "label=owner").Matches(s_new, true, labels));
        Assert.False(Filter("label=stage").Matches(s_new, true, null));
        Assert.True(Filter("label=stage").NeedsLabels);
        Assert.False(Filter("dangling=true").NeedsLabels);
    }

    [Fact]
    public void Before_and_since_compare_creation_times_with_a_named_image()
    {
        Assert.True(Filter("before=app:v1").Matches(s_old, true, null));
        Assert.False(Filter("before=app:v1").Matches(s_mid, true, null));
        Assert.True(Filter("since=busybox").Matches(s_new, true, null));
        Assert.False(Filter("since=busybox").Matches(s_old, true, null));
        Assert.True(Filter("until=10m").Matches(s_mid, true, null));
        Assert.False(Filter("until=10m").Matches(s_new, true, null));
    }

    [Theory]
    [InlineData("busybox", "docker.io/library/busybox:latest", true)]
    [InlineData("busybox:lat*", "docker.io/library/busybox:latest", true)]
    [InlineData("*/busybox:lat*", "127.0.0.1:5791/busybox:latest", true)]
    [InlineData("*/busybox:lat*", "docker.io/library/busybox:latest", false)]
    [InlineData("*busybox*", "docker.io/lib/busybox:latest", false)]
    [InlineData("*busybox*", "docker.io/library/busybox:latest", true)]
    [InlineData("app", "docker.io/other/app:latest", false)]
    [InlineData("*/app", "docker.io/other/app:latest", true)]
    [InlineData("library/busybox", "docker.io/library/busybox:latest", false)]
    public void Reference_is_a_glob_on_the_familiar_name_with_or_without_tag(string pattern, string name, bool kept) =>
        Assert.Equal(kept, Filter("reference=" + pattern).KeepsName(ImageReference.Parse(name)));

    [Theory]
    [InlineData("bogus=1", "invalid filter 'bogus'", ErrorKind.InvalidArgument)]
    [InlineData("dangling=1", "invalid filter 'dangling=[1]'", ErrorKind.InvalidArgument)]
    [InlineData("reference=[", "syntax error in pattern", ErrorKind.InvalidArgument)]
    [InlineData("until=x", "failed to parse value as time or duration: \"x\"", ErrorKind.InvalidArgument)]
    [InlineData("since=missing", "No such image: missing:latest", ErrorKind.NotFound)]
    [InlineData("before=sha256:abc", "No such image: sha256:abc", ErrorKind.NotFound)]
    public void Bad_filters_are_refused_with_dockers_words(string filter, string message, ErrorKind kind)
    {
        var error = Assert.Throws<EngineException>(() => Filter(filter));
        Assert.Equal(kind, error.Kind);
        Assert.Equal(message, error.Message);
    }
}
