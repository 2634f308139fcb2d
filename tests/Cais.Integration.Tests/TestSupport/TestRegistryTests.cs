using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Cais.TestSupport;

namespace Cais.Integration.Tests.TestSupport;

public sealed class TestRegistryTests
{
    [Fact]
    public async Task Registry_answers_v2_on_loopback_and_refuses_connections_after_stop()
    {
        Requires.Root("docker-registry");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var registry = await TestRegistry.StartAsync(cts.Token);
        Assert.StartsWith("127.0.0.1:", registry.Host, StringComparison.Ordinal);
        Assert.True(Directory.Exists(registry.StorageDirectory));

        using var http = new HttpClient();
        using (var response = await http.GetAsync(new Uri(registry.BaseUri, "v2/"), cts.Token))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("registry/2.0", response.Headers.GetValues("Docker-Distribution-Api-Version").Single());
        }

        await registry.StopAsync();
        Assert.False(registry.IsRunning);
        var refused = await Assert.ThrowsAsync<SocketException>(async () =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, registry.Port, cts.Token);
        });
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Fact]
    public async Task Registry_listens_only_on_loopback_and_its_temp_dir_is_removed_on_dispose()
    {
        Requires.Root("docker-registry");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var registry = await TestRegistry.StartAsync(cts.Token);
        string root;
        await using (registry)
        {
            root = registry.RootDirectory;
            var config = await File.ReadAllTextAsync(Path.Combine(root, "config.yml"), cts.Token);
            Assert.Contains($"addr: 127.0.0.1:{registry.Port}", config, StringComparison.Ordinal);
            Assert.DoesNotContain("debug", config, StringComparison.Ordinal);

            // The process must hold exactly one listening socket, 127.0.0.1:PORT (no debug/metrics server).
            var inodes = Directory.GetFiles($"/proc/{registry.ProcessId}/fd")
                .Select(fd => new FileInfo(fd).LinkTarget)
                .Where(t => t is not null && t.StartsWith("socket:[", StringComparison.Ordinal))
                .Select(t => t![8..^1])
                .ToHashSet();
            var listeners = new List<string>();
            foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
            {
                foreach (var line in (await File.ReadAllLinesAsync(table, cts.Token)).Skip(1))
                {
                    var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (f[3] == "0A" && inodes.Contains(f[9]))
                    {
                        listeners.Add(f[1]);
                    }
                }
            }

            Assert.Equal([$"0100007F:{registry.Port:X4}"], listeners);
        }

        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public async Task Htpasswd_registry_answers_401_without_credentials_and_200_with_them()
    {
        Requires.Root("docker-registry", "htpasswd");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var registry = await TestRegistry.StartAsync(TestRegistryOptions.WithUser("alice", "s3cret"), cts.Token);
        Assert.True(registry.RequiresAuth);

        using var http = new HttpClient();
        using (var anonymous = await http.GetAsync(new Uri(registry.BaseUri, "v2/"), cts.Token))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        }

        using (var wrong = await SendAsync(http, registry, "alice:wrong", cts.Token))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var right = await SendAsync(http, registry, "alice:s3cret", cts.Token);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task Images_can_be_published_to_an_htpasswd_registry_with_credentials()
    {
        Requires.Root("docker-registry", "htpasswd", "skopeo");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var registry = await TestRegistry.StartAsync(TestRegistryOptions.WithUser("bob", "pw"), cts.Token);
        var image = new OciImageBuilder();
        image.AddLayer().AddFile("/hello", "hi\n");

        await Assert.ThrowsAsync<InvalidOperationException>(() => image.PublishAsync(registry.Host, "auth/x:1", cts.Token));
        var published = await image.PublishAsync(registry.Host, "auth/x:1", new RegistryCredential("bob", "pw"), cts.Token);
        Assert.Equal("auth/x", published.Repository);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, TestRegistry registry, string userPass, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(registry.BaseUri, "v2/"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userPass)));
        return http.SendAsync(request, ct);
    }
}
