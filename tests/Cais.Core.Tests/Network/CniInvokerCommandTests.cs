using System.Text.Json.Nodes;
using Cais.Common;
using Cais.Linux.Commands;
using Cais.Network;
using Cais.TestSupport;

namespace Cais.Core.Tests.Network;

/// <summary>What the invoker hands each plugin (program, CNI_* environment, stdin) and how it reads the answers, through a recording runner.</summary>
public sealed class CniInvokerCommandTests : IDisposable
{
    private const string BridgeResult = """{"cniVersion":"1.0.0","ips":[{"address":"10.222.1.5/24","gateway":"10.222.1.1"}]}""";
    private const string AllocationError = """{"cniVersion":"1.0.0","code":11,"msg":"failed to allocate","details":"no addresses left"}""";

    private readonly TempDirectory _plugins = new();

    public CniInvokerCommandTests()
    {
        // The invoker refuses plugins that are not there; the recording runner never executes them.
        foreach (var name in new[] { "bridge", "portmap", "tuning" })
        {
            File.WriteAllText(_plugins.Combine(name), "");
        }
    }

    public void Dispose() => _plugins.Dispose();

    private static CniRuntimeArgs Args => new() { ContainerId = "c0ffee", NetnsPath = "/run/ns1", InterfaceName = "eth1" };

    private static JsonObject List(params string[] types) => new()
    {
        ["cniVersion"] = "1.0.0",
        ["name"] = "front",
        ["plugins"] = new JsonArray(types.Select(t => (JsonNode)new JsonObject { ["type"] = t }).ToArray()),
    };

    private static string Env(CommandRequest run, string key) =>
        run.Environment!.Single(e => e.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];

    private static string Verb(CommandRequest run) => Env(run, "CNI_COMMAND");

    private static string Plugin(CommandRequest run) => Path.GetFileName(run.Program);

    [Fact]
    public async Task Each_plugin_runs_from_the_plugin_directory_with_the_spec_environment_and_its_config_on_stdin()
    {
        var commands = new RecordingCommandRunner(run => new CommandResult(0, Plugin(run) == "bridge" ? BridgeResult : "", ""));
        var invoker = new CniInvoker(_plugins.Path, commands: commands);

        var result = await invoker.AddListAsync(List("bridge", "tuning", "portmap"), Args, CancellationToken.None);

        Assert.Equal([_plugins.Combine("bridge"), _plugins.Combine("tuning"), _plugins.Combine("portmap")], commands.Runs.Select(r => r.Program));
        var first = commands.Runs[0];
        Assert.Empty(first.Arguments);
        Assert.Equal("ADD", Verb(first));
        Assert.Equal("c0ffee", Env(first, "CNI_CONTAINERID"));
        Assert.Equal("/run/ns1", Env(first, "CNI_NETNS"));
        Assert.Equal("eth1", Env(first, "CNI_IFNAME"));
        Assert.Equal(_plugins.Path, Env(first, "CNI_PATH"));
        Assert.False(string.IsNullOrEmpty(Env(first, "PATH")));
        Assert.Single(first.Environment!, e => e.StartsWith("CNI_COMMAND=", StringComparison.Ordinal));
        var stdin = JsonNode.Parse(first.Stdin!)!;
        Assert.Equal("front", stdin["name"]!.GetValue<string>());
        Assert.Null(stdin["prevResult"]);
        // tuning printed nothing, so portmap still chains bridge's result.
        Assert.Equal("10.222.1.5/24", JsonNode.Parse(commands.Runs[2].Stdin!)!["prevResult"]!["ips"]![0]!["address"]!.GetValue<string>());
        Assert.Equal("10.222.1.5/24", result.Ips.Single().Address);
    }

    [Fact]
    public async Task A_failing_add_is_rolled_back_in_reverse_with_the_last_result_and_reports_the_spec_error()
    {
        var commands = new RecordingCommandRunner(run => (Plugin(run), Verb(run)) switch
        {
            ("bridge", "ADD") => new CommandResult(0, BridgeResult, ""),
            ("portmap", "ADD") => new CommandResult(1, AllocationError, ""),
            _ => new CommandResult(0, "", ""),
        });
        var invoker = new CniInvoker(_plugins.Path, commands: commands);

        var error = await Assert.ThrowsAsync<EngineException>(() => invoker.AddListAsync(List("bridge", "portmap"), Args, CancellationToken.None));

        Assert.Equal("CNI plugin portmap ADD failed: failed to allocate: no addresses left (code 11)", error.Message);
        Assert.Equal(["bridge ADD", "portmap ADD", "portmap DEL", "bridge DEL"], commands.Runs.Select(r => $"{Plugin(r)} {Verb(r)}"));
        Assert.All(commands.Runs.Skip(2), del => Assert.Equal("10.222.1.5/24", JsonNode.Parse(del.Stdin!)!["prevResult"]!["ips"]![0]!["address"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Output_that_is_not_json_is_refused()
    {
        var commands = new RecordingCommandRunner(_ => new CommandResult(0, "ok", ""));

        var error = await Assert.ThrowsAsync<EngineException>(() =>
            new CniInvoker(_plugins.Path, commands: commands).RunAsync(CniCommand.Add, new JsonObject { ["type"] = "bridge" }, Args, CancellationToken.None));

        Assert.Contains("printed invalid JSON", error.Message, StringComparison.Ordinal);
    }
}
