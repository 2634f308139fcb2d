using System.Runtime.Versioning;
using System.Text;
using System.Text.Json.Nodes;
using Cais.Common;
using Cais.Distribution;
using Cais.TestSupport;

namespace Cais.Core.Tests.Distribution;

// File modes are what these tests check, and Cais runs only on Linux.
[SupportedOSPlatform("linux")]
public sealed class DockerConfigFileTests
{
    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task Stores_credentials_preserving_every_other_member_with_mode_0600()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("config.json");
        await File.WriteAllTextAsync(path, $$$"""
            {
                "auths": {
                    "other.example.com": { "auth": "{{{B64("x:y")}}}", "email": "kept@example.com" }
                },
                "credsStore": "desktop",
                "proxies": { "default": { "httpProxy": "http://proxy:3128" } },
                "psFormat": "table {{.ID}}"
            }
            """);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var config = new DockerConfigFile(path);
        await config.StoreCredentialsAsync("127.0.0.1:5000", "alice", "p:ss", CancellationToken.None);

        var root = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        Assert.Equal("desktop", (string?)root["credsStore"]);
        Assert.Equal("http://proxy:3128", (string?)root["proxies"]!["default"]!["httpProxy"]);
        Assert.Equal("table {{.ID}}", (string?)root["psFormat"]);
        Assert.Equal("kept@example.com", (string?)root["auths"]!["other.example.com"]!["email"]);
        Assert.Equal(B64("alice:p:ss"), (string?)root["auths"]!["127.0.0.1:5000"]!["auth"]);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Single(Directory.GetFiles(dir.Path));

        Assert.Equal(("alice", "p:ss"), await config.GetCredentialsAsync("127.0.0.1:5000", CancellationToken.None));
        Assert.Equal(("x", "y"), await config.GetCredentialsAsync("other.example.com", CancellationToken.None));
        Assert.Null(await config.GetCredentialsAsync("nowhere.example.com", CancellationToken.None));
    }

    [Fact]
    public async Task Creates_a_missing_file_and_directory()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("nested", ".docker", "config.json");
        var config = new DockerConfigFile(path);
        Assert.Null(await config.GetCredentialsAsync("docker.io", CancellationToken.None));
        Assert.False(await config.RemoveCredentialsAsync("docker.io", CancellationToken.None));

        await config.StoreCredentialsAsync("docker.io", "bob", "secret", CancellationToken.None);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var root = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        Assert.Equal(B64("bob:secret"), (string?)root["auths"]![DockerConfigFile.DockerHubAuthKey]!["auth"]);
    }

    [Fact]
    public async Task Docker_hub_aliases_share_one_entry()
    {
        using var dir = new TempDirectory();
        var config = new DockerConfigFile(dir.Combine("config.json"));
        await config.StoreCredentialsAsync("index.docker.io", "bob", "secret", CancellationToken.None);

        Assert.Equal(("bob", "secret"), await config.GetCredentialsAsync("docker.io", CancellationToken.None));
        Assert.Equal(("bob", "secret"), await config.GetCredentialsAsync("https://index.docker.io/v1/", CancellationToken.None));
        var lookup = await config.CreateCredentialLookupAsync(CancellationToken.None);
        Assert.Equal(("bob", "secret"), lookup(ImageReference.Parse("busybox").Domain));
        Assert.Null(lookup("127.0.0.1:5000"));
    }

    [Fact]
    public async Task Reads_docker_written_keys_with_scheme_and_legacy_fields()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("config.json");
        await File.WriteAllTextAsync(path, $$$"""
            {"auths":{
              "http://legacy.example.com:5000/v1/":{"auth":"{{{B64("u1:p1")}}}"},
              "plain.example.com":{"username":"u2","password":"p2"},
              "broken.example.com":{"auth":"not base64!"},
              "empty.example.com":{}
            }}
            """);
        var config = new DockerConfigFile(path);
        Assert.Equal(("u1", "p1"), await config.GetCredentialsAsync("legacy.example.com:5000", CancellationToken.None));
        Assert.Equal(("u2", "p2"), await config.GetCredentialsAsync("plain.example.com", CancellationToken.None));
        Assert.Null(await config.GetCredentialsAsync("broken.example.com", CancellationToken.None));
        Assert.Null(await config.GetCredentialsAsync("empty.example.com", CancellationToken.None));
    }

    [Fact]
    public async Task Remove_deletes_the_entry_and_reports_whether_it_existed()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("config.json");
        await File.WriteAllTextAsync(path, $$$"""{"auths":{"https://127.0.0.1:5000":{"auth":"{{{B64("a:b")}}}"},"keep.example.com":{"auth":"{{{B64("c:d")}}}"}},"detachKeys":"ctrl-x"}""");
        var config = new DockerConfigFile(path);

        Assert.True(await config.RemoveCredentialsAsync("127.0.0.1:5000", CancellationToken.None));
        Assert.False(await config.RemoveCredentialsAsync("127.0.0.1:5000", CancellationToken.None));

        var root = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        Assert.Equal("ctrl-x", (string?)root["detachKeys"]);
        Assert.Single(root["auths"]!.AsObject());
        Assert.Equal(("c", "d"), await config.GetCredentialsAsync("keep.example.com", CancellationToken.None));
    }

    [Fact]
    public async Task A_symlinked_config_is_updated_in_place()
    {
        using var dir = new TempDirectory();
        var real = dir.Combine("real.json");
        await File.WriteAllTextAsync(real, """{"currentContext":"x"}""");
        var link = dir.Combine("config.json");
        File.CreateSymbolicLink(link, real);

        await new DockerConfigFile(link).StoreCredentialsAsync("127.0.0.1:5000", "a", "b", CancellationToken.None);
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Contains("127.0.0.1:5000", await File.ReadAllTextAsync(real), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_config_is_a_clear_error()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("config.json");
        await File.WriteAllTextAsync(path, "{ not json");
        var error = await Assert.ThrowsAsync<EngineException>(() => new DockerConfigFile(path).GetCredentialsAsync("x", CancellationToken.None));
        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://index.docker.io/v1/", "docker.io")]
    [InlineData("registry-1.docker.io", "docker.io")]
    [InlineData("", "docker.io")]
    [InlineData("HTTP://Reg.Example.com:5000/v2/", "reg.example.com:5000")]
    [InlineData("127.0.0.1:5000", "127.0.0.1:5000")]
    public void Normalizes_registry_names(string input, string expected)
    {
        Assert.Equal(expected, DockerConfigFile.NormalizeRegistry(input));
    }
}
