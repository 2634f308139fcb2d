using System.Text;
using System.Text.Json;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Images;

/// <summary>login/pull/logout against a real registry that requires basic auth (htpasswd users).</summary>
public sealed class RegistryAuthTests : IAsyncLifetime
{
    private const string User = "cais-user";
    private const string Password = "s3cret-pass";

    private TestRegistry? _registry;

    private TestRegistry Registry => _registry!;

    public async Task InitializeAsync()
    {
        Requires.Root("docker-registry", "skopeo", "htpasswd", "runc", "conmon");
        _registry = await TestRegistry.StartAsync(TestRegistryOptions.WithUser(User, Password), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }

    [Fact]
    public async Task Pull_needs_login_and_logout_forgets_the_credentials()
    {
        var image = await TestImages.Busybox().PublishAsync(Registry.Host, TestNames.For("private") + ":v1", new RegistryCredential(User, Password), CancellationToken.None);
        await using var cli = new CaisCli();
        var configFile = Path.Combine(cli.DockerConfig, "config.json");

        var anonymous = await cli.RunAsync("pull", image.Reference);
        Assert.True(anonymous.ExitCode != 0, anonymous.ToString());
        Assert.True(
            anonymous.Stderr.Contains("unauthorized", StringComparison.OrdinalIgnoreCase) || anonymous.Stderr.Contains("denied", StringComparison.OrdinalIgnoreCase),
            anonymous.ToString());
        Assert.Empty(await cli.OkAsync("images", "-q"));

        var wrong = await cli.RunAsync("login", "-u", User, "-p", "wrong-password", Registry.Host);
        Assert.True(wrong.ExitCode != 0, wrong.ToString());
        // Docker's wording, said once: "Error response from daemon: Get "http://HOST/v2/": unauthorized: ...".
        Assert.Contains($"\nError response from daemon: Get \"http://{Registry.Host}/v2/\": unauthorized: ", "\n" + wrong.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("daemon: Error response from daemon", wrong.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Login Succeeded", wrong.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(configFile) && HasAuthFor(configFile, Registry.Host), "a failed login stored credentials");

        var login = await cli.RunAsync("login", "-u", User, "-p", Password, Registry.Host);
        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Equal("Login Succeeded", login.Out);
        Assert.True(File.Exists(configFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(configFile));
        using (var config = JsonDocument.Parse(await File.ReadAllTextAsync(configFile)))
        {
            var auth = config.RootElement.GetProperty("auths").GetProperty(Registry.Host).GetProperty("auth").GetString();
            Assert.Equal($"{User}:{Password}", Encoding.UTF8.GetString(Convert.FromBase64String(auth!)));
        }

        await cli.OkAsync("pull", image.Reference);
        Assert.Equal("hi", await cli.OkAsync("run", "--rm", image.Reference, "echo", "hi"));

        Assert.Equal($"Removing login credentials for {Registry.Host}", await cli.OkAsync("logout", Registry.Host));
        Assert.False(HasAuthFor(configFile, Registry.Host), "logout left the credentials in config.json");
        var afterLogout = await cli.RunAsync("pull", image.Reference);
        Assert.True(afterLogout.ExitCode != 0, afterLogout.ToString());
        Assert.Contains("unauthorized", afterLogout.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    private static bool HasAuthFor(string configFile, string host)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(configFile));
        return config.RootElement.TryGetProperty("auths", out var auths) && auths.TryGetProperty(host, out _);
    }
}
