using System.Text.Json.Nodes;
using Cais.Common;
using Cais.Network;
using Cais.TestSupport;

namespace Cais.Core.Tests.Network;

/// <summary>Runs the invoker against fake plugins: shell scripts that record what they got and print canned output.</summary>
public sealed class CniInvokerTests : IDisposable
{
    private const string AddResult = """
        {"cniVersion":"1.0.0","interfaces":[{"name":"cais-br","mac":"aa:bb:cc:00:00:01"},{"name":"eth0","mac":"02:42:0a:de:01:05","sandbox":"/run/ns1"}],
         "ips":[{"address":"10.222.1.5/24","gateway":"10.222.1.1","interface":1}],"routes":[{"dst":"0.0.0.0/0"}],"dns":{"nameservers":["10.222.1.1"]}}
        """;

    private readonly TempDirectory _dir = new();

    public CniInvokerTests()
    {
        // Each fake appends its name and command to "calls", saves its stdin and CNI_* environment, prints "<name>.out" if present.
        foreach (var name in new[] { "first", "second", "silent" })
        {
            Script(name, """
                #!/bin/sh
                d=$(dirname "$0"); n=$(basename "$0")
                cat > "$d/$n.$CNI_COMMAND.stdin"
                env | grep '^CNI_' | sort > "$d/$n.$CNI_COMMAND.env"
                echo "$n $CNI_COMMAND" >> "$d/calls"
                if [ -f "$d/$n.out" ]; then cat "$d/$n.out"; fi
                """);
        }

        Script("failing", """
            #!/bin/sh
            d=$(dirname "$0"); echo "failing $CNI_COMMAND" >> "$d/calls"; cat > /dev/null
            echo '{"cniVersion":"1.0.0","code":11,"msg":"failed to allocate","details":"no addresses left"}'
            exit 1
            """);
        Script("crashing", "#!/bin/sh\necho 'panic: boom' >&2\nexit 2\n");
        Script("slow", "#!/bin/sh\nexec sleep 30\n");
        File.WriteAllText(_dir.Combine("first.out"), AddResult);
        File.WriteAllText(_dir.Combine("second.out"), AddResult.Replace("10.222.1.5", "10.222.1.6", StringComparison.Ordinal));
    }

    public void Dispose() => _dir.Dispose();

    private void Script(string name, string body)
    {
        var path = _dir.Combine(name);
        File.WriteAllText(path, body.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static JsonObject List(params string[] types) => new()
    {
        ["cniVersion"] = "1.0.0",
        ["name"] = "testnet",
        ["plugins"] = new JsonArray(types.Select(t => (JsonNode)new JsonObject { ["type"] = t, ["capabilities"] = new JsonObject { ["portMappings"] = true } }).ToArray()),
    };

    private static CniRuntimeArgs Args => new()
    {
        ContainerId = "c0ffee",
        NetnsPath = "/run/ns1",
        Args = [new("IP", "10.222.1.5")],
        Capabilities = new Dictionary<string, JsonNode> { ["portMappings"] = new JsonArray(new JsonObject { ["hostPort"] = 8080, ["containerPort"] = 80, ["protocol"] = "tcp" }) },
    };

    private string[] Calls() => File.ReadAllLines(_dir.Combine("calls"));

    private JsonObject Stdin(string plugin, string command) => (JsonObject)JsonNode.Parse(File.ReadAllText(_dir.Combine($"{plugin}.{command}.stdin")))!;

    [Fact]
    public async Task Add_runs_in_order_chaining_prev_result_and_passes_the_spec_environment()
    {
        var invoker = new CniInvoker(_dir.Path);

        var result = await invoker.AddListAsync(List("first", "silent", "second"), Args, CancellationToken.None);

        Assert.Equal(["first ADD", "silent ADD", "second ADD"], Calls());
        Assert.Null(Stdin("first", "ADD")["prevResult"]);
        // "silent" printed nothing, so "second" still gets first's result.
        Assert.Equal("10.222.1.5/24", Stdin("second", "ADD")["prevResult"]!["ips"]![0]!["address"]!.GetValue<string>());
        Assert.Equal("1.0.0", Stdin("second", "ADD")["cniVersion"]!.GetValue<string>());
        Assert.Equal("testnet", Stdin("second", "ADD")["name"]!.GetValue<string>());
        Assert.Equal(8080, Stdin("first", "ADD")["runtimeConfig"]!["portMappings"]![0]!["hostPort"]!.GetValue<int>());
        Assert.Equal(
            ["CNI_ARGS=IgnoreUnknown=1;IP=10.222.1.5", "CNI_COMMAND=ADD", "CNI_CONTAINERID=c0ffee", "CNI_IFNAME=eth0", "CNI_NETNS=/run/ns1", $"CNI_PATH={_dir.Path}"],
            File.ReadAllLines(_dir.Combine("first.ADD.env")));

        Assert.Equal("10.222.1.6/24", result.Ips.Single().Address);
        Assert.Equal("10.222.1.1", result.Ips[0].Gateway);
        Assert.Equal("02:42:0a:de:01:05", result.Interfaces[1].Mac);
        Assert.Equal("/run/ns1", result.Interfaces[1].Sandbox);
        Assert.Equal("0.0.0.0/0", result.Routes.Single().Dst);
        Assert.Equal(["10.222.1.1"], result.Dns!.Nameservers!);
    }

    [Fact]
    public async Task Capabilities_reach_only_plugins_that_declare_them()
    {
        var list = new JsonObject { ["cniVersion"] = "1.0.0", ["name"] = "n", ["plugins"] = new JsonArray(new JsonObject { ["type"] = "first" }) };

        await new CniInvoker(_dir.Path).AddListAsync(list, Args, CancellationToken.None);

        Assert.Null(Stdin("first", "ADD")["runtimeConfig"]);
    }

    [Fact]
    public async Task Del_runs_in_reverse_order_with_the_cached_result_and_tries_every_plugin()
    {
        var invoker = new CniInvoker(_dir.Path);
        var cached = JsonNode.Parse(AddResult);

        var error = await Assert.ThrowsAsync<EngineException>(() => invoker.DelListAsync(List("first", "failing", "second"), Args, cached, CancellationToken.None));

        Assert.Equal(["second DEL", "failing DEL", "first DEL"], Calls());
        Assert.Equal("10.222.1.5/24", Stdin("first", "DEL")["prevResult"]!["ips"]![0]!["address"]!.GetValue<string>());
        Assert.Contains("failed to allocate: no addresses left (code 11)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_add_reports_the_plugin_error_and_deletes_what_was_added()
    {
        var invoker = new CniInvoker(_dir.Path);

        var error = await Assert.ThrowsAsync<EngineException>(() => invoker.AddListAsync(List("first", "failing", "second"), Args, CancellationToken.None));

        Assert.Equal("CNI plugin failing ADD failed: failed to allocate: no addresses left (code 11)", error.Message);
        Assert.Equal(["first ADD", "failing ADD", "second DEL", "failing DEL", "first DEL"], Calls());
    }

    [Fact]
    public async Task A_plugin_without_error_json_is_reported_with_its_stderr()
    {
        var error = await Assert.ThrowsAsync<EngineException>(() =>
            new CniInvoker(_dir.Path).RunAsync(CniCommand.Check, new JsonObject { ["type"] = "crashing" }, Args, CancellationToken.None));

        Assert.Equal("CNI plugin crashing CHECK failed (exit status 2): panic: boom", error.Message);
    }

    [Fact]
    public async Task A_hanging_plugin_is_killed_at_the_timeout()
    {
        var invoker = new CniInvoker(_dir.Path, TimeSpan.FromMilliseconds(300));
        var started = DateTime.UtcNow;

        var error = await Assert.ThrowsAsync<EngineException>(() => invoker.RunAsync(CniCommand.Add, new JsonObject { ["type"] = "slow" }, Args, CancellationToken.None));

        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("../bin/sh")]
    public async Task Unknown_or_path_like_plugin_types_are_refused(string type)
    {
        await Assert.ThrowsAsync<EngineException>(() =>
            new CniInvoker(_dir.Path).RunAsync(CniCommand.Add, new JsonObject { ["type"] = type }, Args, CancellationToken.None));
    }

    [Fact]
    public void Error_json_parses_and_non_error_text_does_not()
    {
        var error = CniInvoker.ParseError("""{"cniVersion":"1.0.0","code":4,"msg":"incompatible","details":"x"}""")!;

        Assert.Equal(4, error.Code);
        Assert.Equal("incompatible", error.Msg);
        Assert.Equal("x", error.Details);
        Assert.Null(CniInvoker.ParseError("not json"));
        Assert.Null(CniInvoker.ParseError("{}"));
    }

    [Fact]
    public void No_cni_args_means_an_empty_variable()
    {
        Assert.Equal("", (Args with { Args = [] }).FormatArgs());
    }
}
