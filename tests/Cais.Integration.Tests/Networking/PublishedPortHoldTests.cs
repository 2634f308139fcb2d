using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Cais.Integration.Tests.Containers;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Networking;

/// <summary>
/// A published host port is held host-wide for as long as its container runs, as Docker's proxy holds it: another state
/// root cannot publish it and a host process cannot bind it; the container process never sees the holding socket.
/// </summary>
[Collection(HostNetworkCollection.Name)]
public sealed class PublishedPortHoldTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
{
    public Task InitializeAsync()
    {
        Requires.Root("ip", "iptables-save");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await fixture.RemoveAllAsync();

    [Fact]
    public async Task Second_state_root_publishing_the_same_host_port_fails_with_dockers_message_and_starts_nothing()
    {
        var port = Ports.Free();
        var first = await fixture.OkAsync("run", "-d", "-p", $"{port}:80", fixture.Image, "sleep", "60");
        var rulesBefore = await DnatLinesAsync(port);

        await using var other = new CaisCli();
        await other.OkAsync("pull", "-q", fixture.Image);
        var result = await other.RunAsync("run", "-d", "--name", "second", "-p", $"{port}:80", fixture.Image, "sleep", "60");

        Assert.True(result.ExitCode == 125, result.ToString());
        Assert.Contains($"Bind for 0.0.0.0:{port} failed: port is already allocated", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("created", (await other.OkAsync("inspect", "-f", "{{.State.Status}}", "second")).Trim());
        Assert.Empty(other.ConmonProcesses());
        var netns = Path.Combine(other.RunRoot, "netns");
        Assert.True(!Directory.Exists(netns) || Directory.GetFiles(netns).Length == 0, "the refused container kept a network namespace");
        Assert.Equal(rulesBefore, await DnatLinesAsync(port));

        await other.OkAsync("rm", "second");
        await fixture.OkAsync("rm", "-f", first);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Host_process_cannot_bind_a_published_port_while_the_container_runs_and_the_container_has_no_such_fd()
    {
        var tcp = Ports.Free();
        var udp = Ports.Free();
        var id = await fixture.OkAsync("run", "-d", "-p", $"{tcp}:80", "-p", $"127.0.0.1:{udp}:53/udp", fixture.Image, "sleep", "60");

        Assert.Equal(SocketError.AddressAlreadyInUse, TryBind(ProtocolType.Tcp, IPAddress.Any, tcp));
        Assert.Equal(SocketError.AddressAlreadyInUse, TryBind(ProtocolType.Tcp, IPAddress.Loopback, tcp));
        Assert.Equal(SocketError.AddressAlreadyInUse, TryBind(ProtocolType.Udp, IPAddress.Loopback, udp));

        // A port published on 127.0.0.1 is held there only, as Docker binds it.
        Assert.Equal(SocketError.Success, TryBind(ProtocolType.Udp, IPAddress.Parse("127.0.0.2"), udp));

        // The holding sockets belong to the monitor; the container's process has nothing but its stdio.
        var fds = await fixture.OkAsync("exec", id, "ls", "-l", "/proc/1/fd");
        Assert.DoesNotContain("socket:", fds, StringComparison.Ordinal);

        await fixture.OkAsync("rm", "-f", id);
        Assert.Equal(SocketError.Success, TryBind(ProtocolType.Tcp, IPAddress.Any, tcp));
        Assert.Equal(SocketError.Success, TryBind(ProtocolType.Udp, IPAddress.Loopback, udp));
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Port_is_free_again_after_the_container_exits_and_held_again_after_start()
    {
        var port = Ports.Free();
        var id = await fixture.OkAsync("run", "-d", "-p", $"127.0.0.1:{port}:80", fixture.Image, "sleep", "2");
        Assert.Equal(SocketError.AddressAlreadyInUse, TryBind(ProtocolType.Tcp, IPAddress.Loopback, port));

        Assert.Equal("0", await fixture.OkAsync("wait", id));
        Assert.True(await ContainerFixture.EventuallyAsync(() => TryBind(ProtocolType.Tcp, IPAddress.Loopback, port) == SocketError.Success, TimeSpan.FromSeconds(5)),
            "the port stays held after the container exited");

        await fixture.OkAsync("start", id);
        Assert.Equal(SocketError.AddressAlreadyInUse, TryBind(ProtocolType.Tcp, IPAddress.Loopback, port));
        await fixture.OkAsync("stop", "-t", "0", id);
        Assert.Equal(SocketError.Success, TryBind(ProtocolType.Tcp, IPAddress.Loopback, port));
        await fixture.OkAsync("start", id);
        Assert.Equal(SocketError.AddressAlreadyInUse, TryBind(ProtocolType.Tcp, IPAddress.Loopback, port));

        await fixture.OkAsync("rm", "-f", id);
        await fixture.AssertNothingLeftAsync();
    }

    /// <summary>Binds (and for TCP listens) as a typical server does, with SO_REUSEADDR; Success or the error.</summary>
    private static SocketError TryBind(ProtocolType protocol, IPAddress address, int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, protocol == ProtocolType.Udp ? SocketType.Dgram : SocketType.Stream, protocol);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            if (protocol == ProtocolType.Tcp)
            {
                socket.Listen(1);
            }

            return SocketError.Success;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
    }

    private static async Task<int> DnatLinesAsync(int port)
    {
        var rules = (await ExternalTool.RunCheckedAsync("iptables-save", ["-t", "nat"], CancellationToken.None)).Stdout;
        var needle = "--dport " + port.ToString(CultureInfo.InvariantCulture) + " ";
        return rules.Split('\n').Count(l => l.Contains(needle, StringComparison.Ordinal));
    }
}
