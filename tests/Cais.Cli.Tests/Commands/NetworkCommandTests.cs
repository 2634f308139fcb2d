using Cais.Cli.Tests.Fakes;

namespace Cais.Cli.Tests.Commands;

public sealed class NetworkCommandTests
{
    private readonly FakeEngine _engine = new();

    [Fact]
    public async Task Create_passes_the_request_and_prints_the_new_id()
    {
        var run = await CliRun.RunAsync(_engine, "network", "create", "--subnet", "10.1.0.0/24", "--gateway", "10.1.0.254", "--internal",
            "--label", "team=a", "--label", "flag", "net1");

        Assert.Equal(new CliRun(0, FakeNetworkService.CreatedId + "\n", ""), run);
        var request = _engine.Networks.Created!;
        Assert.Equal(("net1", "10.1.0.0/24", "10.1.0.254", true), (request.Name, request.Subnet, request.Gateway, request.Internal));
        Assert.Equal(new Dictionary<string, string> { ["team"] = "a", ["flag"] = "" }, request.Labels);
    }

    [Fact]
    public async Task Create_passes_the_driver_to_the_engine_which_judges_it()
    {
        var run = await CliRun.RunAsync(_engine, "network", "create", "-d", "overlay", "net1");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("overlay", _engine.Networks.Created!.Driver);
    }

    [Fact]
    public async Task Connect_passes_the_container_network_address_and_aliases()
    {
        var run = await CliRun.RunAsync(_engine, "network", "connect", "--alias", "web", "--alias", "www", "--ip", "10.1.0.5", "net1", "c1");

        Assert.Equal(["ConnectAsync(c1, net1, 10.1.0.5, [web, www])"], _engine.Log.Calls);
        Assert.Equal(new CliRun(0, "", ""), run);
    }

    [Fact]
    public async Task Disconnect_passes_force()
    {
        var run = await CliRun.RunAsync(_engine, "network", "disconnect", "-f", "net1", "c1");

        Assert.Equal(["DisconnectAsync(c1, net1, force: True)"], _engine.Log.Calls);
        Assert.Equal(0, run.ExitCode);
    }
}
