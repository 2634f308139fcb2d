using Cais.Common;
using Cais.Distribution;
using Cais.Oci.Image;

namespace Cais.Core.Tests.Distribution;

public sealed class PlatformSelectorTests
{
    [Theory]
    [InlineData("linux/arm64/v8", "linux", "arm64", "v8")]
    [InlineData("linux/arm64", "linux", "arm64", "v8")]
    [InlineData("linux/aarch64", "linux", "arm64", "v8")]
    [InlineData("linux/arm64/8", "linux", "arm64", "v8")]
    [InlineData("linux/amd64", "linux", "amd64", null)]
    [InlineData("linux/x86_64", "linux", "amd64", null)]
    [InlineData("LINUX/AMD64", "linux", "amd64", null)]
    [InlineData("linux/amd64/v3", "linux", "amd64", "v3")]
    [InlineData("arm64", "linux", "arm64", "v8")]
    [InlineData("x86_64", "linux", "amd64", null)]
    [InlineData("linux/arm", "linux", "arm", "v7")]
    [InlineData("linux/arm/6", "linux", "arm", "v6")]
    [InlineData("linux/armhf", "linux", "arm", "v7")]
    [InlineData("linux/i386", "linux", "386", null)]
    [InlineData("linux/s390x", "linux", "s390x", null)]
    public void Parses_and_normalizes(string text, string os, string arch, string? variant)
    {
        var platform = PlatformSelector.Parse(text);
        Assert.Equal(os, platform.Os);
        Assert.Equal(arch, platform.Architecture);
        Assert.Equal(variant, platform.Variant);
    }

    [Fact]
    public void Bare_os_takes_the_host_architecture()
    {
        var platform = PlatformSelector.Parse("linux");
        Assert.Equal("linux", platform.Os);
        Assert.Equal(PlatformSelector.Normalize(Platform.Host).Architecture, platform.Architecture);
    }

    [Theory]
    [InlineData("")]
    [InlineData("foo")]
    [InlineData("linux/amd64/v1/x")]
    [InlineData("linux//v8")]
    [InlineData("linux/am d64")]
    public void Rejects_bad_specifiers(string text)
    {
        var error = Assert.Throws<EngineException>(() => PlatformSelector.Parse(text));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }

    private static Descriptor Entry(string name, string os, string arch, string? variant = null) => new()
    {
        MediaType = MediaTypes.OciManifest,
        Digest = "sha256:" + name.PadLeft(64, '0'),
        Size = 100,
        Platform = new Platform { Os = os, Architecture = arch, Variant = variant },
    };

    private static readonly ImageIndex Index = new()
    {
        Manifests =
        [
            Entry("a1", "linux", "amd64"),
            Entry("b1", "linux", "arm64"),
            Entry("c1", "linux", "arm", "v7"),
            Entry("c2", "linux", "arm", "v6"),
            Entry("d1", "unknown", "unknown"),
            Entry("e1", "windows", "amd64"),
        ],
    };

    [Theory]
    [InlineData("linux/amd64", "a1")]
    [InlineData("linux/x86_64", "a1")]
    [InlineData("linux/arm64/v8", "b1")]
    [InlineData("linux/arm64", "b1")]
    [InlineData("linux/arm/v7", "c1")]
    [InlineData("linux/arm/v6", "c2")]
    [InlineData("linux/arm/v8", "c1")]
    [InlineData("windows/amd64", "e1")]
    [InlineData("linux/amd64/v3", "a1")]
    public void Selects_the_matching_manifest(string wanted, string expected)
    {
        var selected = PlatformSelector.Select(Index, PlatformSelector.Parse(wanted));
        Assert.NotNull(selected);
        Assert.EndsWith(expected, selected.Digest, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("linux/s390x")]
    [InlineData("linux/arm/v5")]
    [InlineData("darwin/amd64")]
    public void Returns_null_when_nothing_matches(string wanted)
    {
        Assert.Null(PlatformSelector.Select(Index, PlatformSelector.Parse(wanted)));
    }

    [Fact]
    public void A_newer_cpu_takes_an_older_variant()
    {
        // A v8 image runs on a v9 CPU.
        Assert.EndsWith("b1", PlatformSelector.Select(Index, PlatformSelector.Parse("linux/arm64/v9"))!.Digest, StringComparison.Ordinal);
    }

    [Fact]
    public void Exact_variant_is_preferred_over_order()
    {
        var index = new ImageIndex
        {
            Manifests =
            [
                Entry("f1", "linux", "amd64", "v3"),
                Entry("f2", "linux", "amd64"),
                Entry("f3", "linux", "amd64", "v2"),
                Entry("g1", "linux", "arm", "v6"),
                Entry("g2", "linux", "arm", "v7"),
            ],
        };

        // Without a requested variant amd64 prefers the plain entry; v2 gets v2 exactly; v4 gets the newest level it can run.
        Assert.EndsWith("f2", PlatformSelector.Select(index, PlatformSelector.Parse("linux/amd64"))!.Digest, StringComparison.Ordinal);
        Assert.EndsWith("f3", PlatformSelector.Select(index, PlatformSelector.Parse("linux/amd64/v2"))!.Digest, StringComparison.Ordinal);
        Assert.EndsWith("f1", PlatformSelector.Select(index, PlatformSelector.Parse("linux/amd64/v4"))!.Digest, StringComparison.Ordinal);
        Assert.EndsWith("g2", PlatformSelector.Select(index, PlatformSelector.Parse("linux/arm/v7"))!.Digest, StringComparison.Ordinal);
    }

    [Fact]
    public void Arm64_without_variant_equals_v8()
    {
        Assert.True(PlatformSelector.Matches(new Platform { Os = "linux", Architecture = "arm64" }, new Platform { Os = "linux", Architecture = "aarch64", Variant = "v8" }));
        Assert.True(PlatformSelector.Matches(new Platform { Os = "linux", Architecture = "arm64", Variant = "v8" }, new Platform { Os = "linux", Architecture = "arm64" }));
        Assert.False(PlatformSelector.Matches(new Platform { Os = "linux", Architecture = "arm64" }, new Platform { Os = "linux", Architecture = "amd64" }));
    }
}
