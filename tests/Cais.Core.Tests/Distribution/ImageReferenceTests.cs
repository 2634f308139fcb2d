using Cais.Common;
using Cais.Distribution;

namespace Cais.Core.Tests.Distribution;

public sealed class ImageReferenceTests
{
    private const string Hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Theory]
    [InlineData("busybox", "docker.io", "library/busybox", null, "busybox")]
    [InlineData("busybox:1.36", "docker.io", "library/busybox", "1.36", "busybox:1.36")]
    [InlineData("user/repo", "docker.io", "user/repo", null, "user/repo")]
    [InlineData("user/repo/sub:v1", "docker.io", "user/repo/sub", "v1", "user/repo/sub:v1")]
    [InlineData("docker.io/library/busybox:latest", "docker.io", "library/busybox", "latest", "busybox:latest")]
    [InlineData("index.docker.io/library/busybox", "docker.io", "library/busybox", null, "busybox")]
    [InlineData("docker.io/busybox", "docker.io", "library/busybox", null, "busybox")]
    [InlineData("library/busybox", "docker.io", "library/busybox", null, "busybox")]
    [InlineData("localhost/repo", "localhost", "repo", null, "localhost/repo")]
    [InlineData("localhost:5000/repo:tag", "localhost:5000", "repo", "tag", "localhost:5000/repo:tag")]
    [InlineData("127.0.0.1:5000/a/b/c:v1.0", "127.0.0.1:5000", "a/b/c", "v1.0", "127.0.0.1:5000/a/b/c:v1.0")]
    [InlineData("[::1]:5000/repo", "[::1]:5000", "repo", null, "[::1]:5000/repo")]
    [InlineData("registry.example.com/team/app:2024_01-rc.1", "registry.example.com", "team/app", "2024_01-rc.1", "registry.example.com/team/app:2024_01-rc.1")]
    [InlineData("foo/bar__baz.qux-x---y", "docker.io", "foo/bar__baz.qux-x---y", null, "foo/bar__baz.qux-x---y")]
    [InlineData("Registry.Example.COM/app", "Registry.Example.COM", "app", null, "Registry.Example.COM/app")]
    [InlineData("Foo/bar", "Foo", "bar", null, "Foo/bar")]
    [InlineData("a/library/b", "docker.io", "a/library/b", null, "a/library/b")]
    [InlineData("busybox:_TAG", "docker.io", "library/busybox", "_TAG", "busybox:_TAG")]
    public void Parses_valid_references(string text, string domain, string path, string? tag, string familiar)
    {
        var reference = ImageReference.Parse(text);
        Assert.Equal(domain, reference.Domain);
        Assert.Equal(path, reference.Path);
        Assert.Equal(tag, reference.Tag);
        Assert.Null(reference.Digest);
        Assert.Equal(familiar, reference.FamiliarString());
        Assert.Equal($"{domain}/{path}", reference.Repository);
    }

    [Fact]
    public void Bare_name_canonical_form_and_default_tag()
    {
        var reference = ImageReference.Parse("busybox");
        Assert.Equal("docker.io/library/busybox", reference.ToString());
        var tagged = reference.WithDefaultTag();
        Assert.Equal("latest", tagged.Tag);
        Assert.Equal("docker.io/library/busybox:latest", tagged.ToString());
        Assert.Equal("busybox:latest", tagged.FamiliarString());
        Assert.Equal("busybox", tagged.FamiliarName);
        Assert.Equal("registry-1.docker.io", tagged.RegistryHost);
        Assert.Equal("latest", reference.TagOrDigest);
    }

    [Fact]
    public void Digest_reference_keeps_no_tag_and_default_tag_is_not_added()
    {
        var reference = ImageReference.Parse($"example.com:443/foo/bar@sha256:{Hex}");
        Assert.Equal("example.com:443", reference.Domain);
        Assert.Null(reference.Tag);
        Assert.Equal(Digest.Parse("sha256:" + Hex), reference.Digest);
        Assert.Same(reference, reference.WithDefaultTag());
        Assert.Equal($"example.com:443/foo/bar@sha256:{Hex}", reference.ToString());
        Assert.Equal("example.com:443", reference.RegistryHost);
    }

    [Fact]
    public void Tag_and_digest_are_both_kept_and_the_digest_wins_for_pulling()
    {
        var reference = ImageReference.Parse($"repo:1.0@sha256:{Hex}");
        Assert.Equal("1.0", reference.Tag);
        Assert.Equal("sha256:" + Hex, reference.Digest.ToString());
        Assert.Equal("sha256:" + Hex, reference.TagOrDigest);
        Assert.Equal($"docker.io/library/repo:1.0@sha256:{Hex}", reference.ToString());
        Assert.Equal($"repo:1.0@sha256:{Hex}", reference.FamiliarString());
    }

    [Fact]
    public void Equal_references_are_equal_records()
    {
        Assert.Equal(ImageReference.Parse("busybox:latest"), ImageReference.Parse("docker.io/library/busybox:latest"));
        Assert.NotEqual(ImageReference.Parse("busybox:latest"), ImageReference.Parse("busybox:1"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("busybox:")]
    [InlineData(":tag")]
    [InlineData("busybox@sha256:abc")]
    [InlineData("busybox@md5:d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("-foo")]
    [InlineData("foo-")]
    [InlineData("foo//bar")]
    [InlineData("foo/")]
    [InlineData("/foo")]
    [InlineData("http://example.com/foo")]
    [InlineData("a:b:c")]
    [InlineData("foo..bar")]
    [InlineData("foo_-bar")]
    [InlineData("foo___bar")]
    [InlineData("localhost:abc/repo")]
    [InlineData("exa_mple.com/repo")]
    [InlineData("-example.com/repo")]
    [InlineData("busybox:-tag")]
    [InlineData("busybox:tag!")]
    [InlineData("busy box")]
    [InlineData("busybox:ta g")]
    public void Rejects_malformed_references(string text)
    {
        var error = Assert.Throws<EngineException>(() => ImageReference.Parse(text));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.StartsWith("invalid reference format", error.Message, StringComparison.Ordinal);
        Assert.False(ImageReference.TryParse(text, out _));
    }

    [Theory]
    [InlineData("Busybox", "library/Busybox")]
    [InlineData("user/Repo:tag", "user/Repo")]
    [InlineData("localhost:5000/MyApp", "MyApp")]
    public void Upper_case_repository_names_get_dockers_message(string text, string shown)
    {
        var error = Assert.Throws<EngineException>(() => ImageReference.Parse(text));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal($"invalid reference format: repository name ({shown}) must be lowercase", error.Message);
    }

    [Fact]
    public void Tag_length_limit_is_128()
    {
        Assert.Equal(128, ImageReference.Parse("busybox:" + new string('a', 128)).Tag!.Length);
        Assert.Throws<EngineException>(() => ImageReference.Parse("busybox:" + new string('a', 129)));
    }

    [Fact]
    public void Name_length_limit_counts_the_normalized_name()
    {
        // "docker.io/library/" is 18 characters, leaving 237 for a bare name.
        Assert.NotNull(ImageReference.Parse(new string('a', 237)));
        var error = Assert.Throws<EngineException>(() => ImageReference.Parse(new string('a', 238)));
        Assert.Contains("must not be more than 255 characters", error.Message, StringComparison.Ordinal);
        Assert.Throws<EngineException>(() => ImageReference.Parse("example.com/" + new string('a', 250)));
    }

    [Fact]
    public void A_bare_image_id_is_not_a_name()
    {
        var error = Assert.Throws<EngineException>(() => ImageReference.Parse(Hex));
        Assert.Contains("cannot specify 64-byte hexadecimal strings", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_helpers_replace_tag_and_digest()
    {
        var reference = ImageReference.Parse("127.0.0.1:5000/app:1");
        Assert.Equal("127.0.0.1:5000/app:2", reference.WithTag("2").ToString());
        Assert.Equal($"127.0.0.1:5000/app@sha256:{Hex}", reference.WithDigest(Digest.Parse("sha256:" + Hex)).ToString());
        Assert.Equal("127.0.0.1:5000/app", reference.WithoutTagOrDigest().ToString());
        Assert.Throws<EngineException>(() => reference.WithTag("bad tag"));
    }
}
