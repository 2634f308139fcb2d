using System.Net;
using System.Text;
using Cais.Common;
using Cais.Distribution;
using Cais.TestSupport;

namespace Cais.Core.Tests.Distribution;

public sealed class RegistryLoginTests
{
    private static string BasicOf(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    private static FakeRegistryHandler BasicRegistry() => new(request =>
        request.Authorization == BasicOf("alice", "right")
            ? Responses.Json(HttpStatusCode.OK, "{}")
            : Responses.Challenge("Basic realm=\"Registry Realm\""));

    [Fact]
    public async Task Login_verifies_then_stores()
    {
        using var dir = new TempDirectory();
        var config = new DockerConfigFile(dir.Combine("config.json"));
        var handler = BasicRegistry();
        using var client = new RegistryClient(new RegistryClientOptions { Handler = handler });

        await new RegistryLogin(client, config).LoginAsync("127.0.0.1:5000", "alice", "right", CancellationToken.None);

        Assert.Equal(("alice", "right"), await config.GetCredentialsAsync("127.0.0.1:5000", CancellationToken.None));
        Assert.Equal("http://127.0.0.1:5000/v2/", handler.Requests[0].Uri.ToString());
        Assert.Equal(BasicOf("alice", "right"), handler.Requests[^1].Authorization);
    }

    [Fact]
    public async Task Wrong_password_is_unauthorized_and_nothing_is_stored()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("config.json");
        using var client = new RegistryClient(new RegistryClientOptions { Handler = BasicRegistry() });

        var error = await Assert.ThrowsAsync<EngineException>(() =>
            new RegistryLogin(client, new DockerConfigFile(path)).LoginAsync("127.0.0.1:5000", "alice", "wrong", CancellationToken.None));

        Assert.Equal(ErrorKind.Unauthorized, error.Kind);
        Assert.Equal("Get \"http://127.0.0.1:5000/v2/\": unauthorized: authentication required", error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Login_through_a_token_server_reports_its_refusal()
    {
        using var dir = new TempDirectory();
        var handler = new FakeRegistryHandler(request => request.Uri.Host == "auth.test"
            ? Responses.Json(HttpStatusCode.Unauthorized, """{"details":"incorrect username or password"}""")
            : Responses.Challenge("Bearer realm=\"https://auth.test/token\",service=\"registry.test\""));
        using var client = new RegistryClient(new RegistryClientOptions { Handler = handler });

        var error = await Assert.ThrowsAsync<EngineException>(() =>
            new RegistryLogin(client, new DockerConfigFile(dir.Combine("config.json"))).LoginAsync("registry.test", "alice", "wrong", CancellationToken.None));
        Assert.Equal("Get \"https://registry.test/v2/\": unauthorized: incorrect username or password", error.Message);
        var token = handler.Requests.Single(r => r.Uri.Host == "auth.test");
        Assert.Equal(BasicOf("alice", "wrong"), token.Authorization);
        Assert.Equal("?service=registry.test", token.Uri.Query);
    }

    [Fact]
    public async Task Logout_removes_and_reports()
    {
        using var dir = new TempDirectory();
        var config = new DockerConfigFile(dir.Combine("config.json"));
        using var client = new RegistryClient(new RegistryClientOptions { Handler = BasicRegistry() });
        var login = new RegistryLogin(client, config);
        await login.LoginAsync("127.0.0.1:5000", "alice", "right", CancellationToken.None);

        Assert.True(await login.LogoutAsync("127.0.0.1:5000", CancellationToken.None));
        Assert.False(await login.LogoutAsync("127.0.0.1:5000", CancellationToken.None));
        Assert.Null(await config.GetCredentialsAsync("127.0.0.1:5000", CancellationToken.None));
        Assert.Equal("https://index.docker.io/v1/", RegistryLogin.DisplayName(null));
    }

    [Theory]
    [InlineData("", "pw")]
    [InlineData("a:b", "pw")]
    [InlineData("user", "")]
    public async Task Login_rejects_unusable_input(string user, string password)
    {
        using var dir = new TempDirectory();
        var handler = BasicRegistry();
        using var client = new RegistryClient(new RegistryClientOptions { Handler = handler });
        var error = await Assert.ThrowsAsync<EngineException>(() =>
            new RegistryLogin(client, new DockerConfigFile(dir.Combine("config.json"))).LoginAsync("127.0.0.1:5000", user, password, CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Empty(handler.Requests);
    }
}
