using Cais.Api;
using Cais.Cli.Rendering;

namespace Cais.Cli.Tests.Rendering;

/// <summary>
/// Wire objects seen by templates as Docker's Go values (walked through the source-generated metadata): structs print
/// as {a b}, maps as map[k:v] with keys sorted, nil slices as [], nil maps as map[], nil pointers as &lt;nil&gt;. The
/// expected texts are what the docker CLI printed for the same fields against a real dockerd.
/// </summary>
public sealed class GoValuePrintingTests
{
    private static readonly ContainerInspectResponse s_container = new()
    {
        Id = "d9b4a6988245af2d",
        Name = "/web",
        Path = "sleep",
        Args = ["1000"],
        State = new ContainerState { Status = "running", Running = true, Pid = 16043, StartedAt = "2026-12-05T09:44:48.974959277Z", FinishedAt = "0001-01-01T00:00:00Z" },
        HostConfig = new HostConfig
        {
            RestartPolicy = new RestartPolicy { Name = "no" },
            PortBindings = new PortMap { ["80/tcp"] = [new PortBinding { HostIp = "127.0.0.1", HostPort = "28689" }] },
            Dns = [],
        },
        Config = new ContainerConfig { Labels = new Dictionary<string, string> { ["c"] = "d", ["a"] = "b" } },
        NetworkSettings = new NetworkSettings { Ports = new PortMap { ["80/tcp"] = [new PortBinding { HostIp = "127.0.0.1", HostPort = "28689" }] } },
    };

    private static string Render(string template) =>
        GoTemplate.Parse(template).Execute(WireTemplateValue.From(s_container, ApiJsonContext.Default.ContainerInspectResponse));

    [Theory]
    [InlineData("{{.NetworkSettings.Ports}}", "map[80/tcp:[{127.0.0.1 28689}]]")]
    [InlineData("{{.HostConfig.RestartPolicy}}", "{no 0}")]
    [InlineData("{{.Config.Entrypoint}}", "[]")]
    [InlineData("{{json .Config.Entrypoint}}", "null")]
    [InlineData("{{.Config.Cmd}}|{{json .Config.Cmd}}", "[]|null")]
    [InlineData("{{.Config.Labels}}", "map[a:b c:d]")]
    [InlineData("{{json .Config.Labels}}", "{\"a\":\"b\",\"c\":\"d\"}")]
    [InlineData("{{json .HostConfig.RestartPolicy}}", "{\"Name\":\"no\",\"MaximumRetryCount\":0}")]
    [InlineData("{{.Args}}|{{.Mounts}}|{{.HostConfig.Binds}}", "[1000]|[]|[]")]
    [InlineData("{{.State.Running}} {{.State.Pid}} {{.State.ExitCode}} [{{.State.Error}}]", "true 16043 0 []")]
    [InlineData("{{.Config.Labels.zz}}|{{index .Config.Labels \"zz\"}}|{{index .Config.Labels \"a\"}}", "<no value>||b")]
    [InlineData("{{.ID}}", "d9b4a6988245af2d")]
    [InlineData("{{range $k, $v := .NetworkSettings.Ports}}{{$k}}->{{(index $v 0).HostPort}}{{end}}", "80/tcp->28689")]
    public void Typed_values_print_as_go_prints_them(string template, string expected) =>
        Assert.Equal(expected, Render(template));

    [Fact]
    public void A_struct_prints_its_fields_in_declaration_order()
    {
        var state = Render("{{.State}}");

        Assert.StartsWith("{running true false false false false 16043 0  2026-12-05T09:44:48.974959277Z 0001-01-01T00:00:00Z", state, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_of_a_typed_document_is_its_api_json()
    {
        var json = Render("{{json .HostConfig.PortBindings}}");

        Assert.Equal("{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"28689\"}]}", json);
    }

    [Fact]
    public void A_missing_field_of_a_struct_fails_as_in_go()
    {
        var error = Assert.Throws<TemplateException>(() => Render("{{.Stat.Status}}"));

        Assert.Equal("template: :1:7: executing \"\" at <.Stat.Status>: can't evaluate field Stat in type ContainerInspectResponse", error.Message);
    }

    [Fact]
    public void Go_times_print_in_go_time_format()
    {
        var network = new NetworkResource { Name = "n", Created = "2026-12-05T09:44:45.659219400Z" };
        var value = WireTemplateValue.From(network, ApiJsonContext.Default.NetworkResource);

        Assert.Equal("2026-12-05 09:44:45.6592194 +0000 UTC", GoTemplate.Parse("{{.Created}}").Execute(value));
        Assert.Equal("\"2026-12-05T09:44:45.659219400Z\"", GoTemplate.Parse("{{json .Created}}").Execute(value));
        Assert.Equal("{}|map[]|<nil>", GoTemplate.Parse("{{.ConfigFrom}}|{{.Options}}|{{.IPAM}}").Execute(WireTemplateValue.From(network with { ConfigFrom = new ConfigReference() }, ApiJsonContext.Default.NetworkResource)));
    }
}
