using Cais.Common;
using Cais.Network.Dns;

namespace Cais.Core.Tests.Network.Dns;

/// <summary>The client's decisions without a real daemon: the "daemon" is a shell that leaves a mark when started.</summary>
public sealed class ResolverClientTests : IDisposable
{
    private readonly ResolverTestState _state = new();

    public void Dispose() => _state.Dispose();

    private string Marker => _state.Combine("started");

    private ResolverClient Client(IReadOnlyList<string>? command) => new(new ResolverClientOptions
    {
        Networks = _state.Networks,
        Records = new Cais.Containers.ContainerDnsRecordSource(_state.Containers),
        RunRoot = _state.RunRoot,
        DaemonCommand = command,
        Timeout = TimeSpan.FromSeconds(1),
    });

    private string[] MarkingCommand => ["/bin/sh", "-c", $"echo x >> '{Marker}'"];

    [Fact]
    public async Task Nothing_attached_to_a_user_network_starts_no_process()
    {
        var bridge = _state.AddNetwork("bridge", "127.0.0.70");
        var front = _state.AddNetwork("front", "127.0.0.71");
        _state.AddContainer("on-default", "running", (bridge, "172.17.0.2", []));
        var stopped = _state.AddContainer("stopped", "running", (front, "172.30.0.2", []));
        _state.Stop(stopped);
        _state.AddContainer("exited-with-stale-endpoint", "exited", (front, "172.30.0.3", []));

        Assert.Equal(0, await Client(MarkingCommand).SyncAsync(CancellationToken.None));

        await Task.Delay(200);
        Assert.False(File.Exists(Marker));
        Assert.False(Directory.Exists(ResolverFiles.For(_state.RunRoot).Directory));
    }

    [Fact]
    public async Task A_daemon_that_never_answers_is_a_clear_error_after_the_timeout()
    {
        var front = _state.AddNetwork("front", "127.0.0.72");
        _state.AddContainer("web", "running", (front, "172.30.0.2", []));

        var error = await Assert.ThrowsAsync<EngineException>(() => Client(MarkingCommand).SyncAsync(CancellationToken.None));

        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.Contains("did not answer", error.Message, StringComparison.Ordinal);
        Assert.Contains("control.sock", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Marker));
    }

    [Fact]
    public async Task A_missing_daemon_program_is_a_clear_error()
    {
        var front = _state.AddNetwork("front", "127.0.0.73");
        _state.AddContainer("web", "running", (front, "172.30.0.2", []));

        var error = await Assert.ThrowsAsync<EngineException>(() => Client(["/nonexistent/cais", "system", "dns", "--daemon"]).SyncAsync(CancellationToken.None));

        Assert.Contains("cannot start the DNS resolver", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_daemon_command_nothing_is_started()
    {
        var front = _state.AddNetwork("front", "127.0.0.74");
        _state.AddContainer("web", "running", (front, "172.30.0.2", []));

        Assert.Equal(0, await Client(null).SyncAsync(CancellationToken.None));
    }
}
