using System.Text.Json;
using Cais.Api;
using Cais.Cli.Rendering;

namespace Cais.Cli.Tests.Rendering;

/// <summary>
/// Templates naming something that does not exist fail with the docker CLI's words (checked against docker 28.2.2 and a
/// real dockerd): inspect runs on the typed document, then on its JSON as maps with missingkey=error; list rows are
/// Docker's formatter contexts, whose methods may take arguments.
/// </summary>
public sealed class DockerTemplateErrorTests
{
    private static readonly TemplateRowType s_rowType = new("*formatter.ContainerContext",
        new Dictionary<string, string> { ["Names"] = "NAMES", ["Size"] = "SIZE" }, "failed to execute template: ", "Label");

    private static readonly ContainerInspectResponse s_container = new()
    {
        Id = "d9b4a6988245",
        Name = "/web",
        State = new ContainerState { Status = "running", Running = true },
        HostConfig = new HostConfig { RestartPolicy = new RestartPolicy { Name = "no" }, Dns = [] },
    };

    private static TemplateValue Row(string name, IReadOnlyDictionary<string, string> labels) => s_rowType.Row(
        ("Label", TemplateValue.Method(1, args => labels.GetValueOrDefault(args[0].Text, ""))),
        ("Names", name),
        ("Size", "0B"));

    private static async Task<(string Out, TemplateException? Error)> InspectAsync(string template)
    {
        using var output = new StringWriter();
        try
        {
            await InspectOutput.Parse(template).WriteAsync(output, [InspectDocument.Of(s_container, ApiJsonContext.Default.ContainerInspectResponse)]);
            return (output.ToString(), null);
        }
        catch (TemplateException e)
        {
            return (output.ToString(), e);
        }
    }

    [Theory]
    [InlineData("{{.Stat.Status}}", "template parsing error: template: :1:7: executing \"\" at <.Stat.Status>: map has no entry for key \"Stat\"")]
    [InlineData("{{.Stat}}", "template parsing error: template: :1:2: executing \"\" at <.Stat>: map has no entry for key \"Stat\"")]
    [InlineData("{{.State.Stat}}", "template parsing error: template: :1:8: executing \"\" at <.State.Stat>: map has no entry for key \"Stat\"")]
    [InlineData("{{.Id}}{{.Stat}}", "template parsing error: template: :1:9: executing \"\" at <.Stat>: map has no entry for key \"Stat\"")]
    [InlineData("{{.ID}}|{{.Id}}", "template parsing error: template: :1:2: executing \"\" at <.ID>: map has no entry for key \"ID\"")]
    public async Task Inspect_of_a_missing_field_fails_as_docker_does(string template, string expected)
    {
        var (output, error) = await InspectAsync(template);

        Assert.Equal(expected, error?.Message);
        Assert.False(error!.IsParseError);
        Assert.Equal("\n", output);
    }

    [Theory]
    [InlineData("{{.Id}}", "d9b4a6988245\n")]
    [InlineData("{{.ID}}", "d9b4a6988245\n")]
    [InlineData("{{.HostConfig.RestartPolicy}}", "{no 0}\n")]

    // .Dns is DNS in Docker's Go type: the typed pass fails, the raw pass prints maps (and JSON null as <no value>).
    [InlineData("{{.HostConfig.Dns}} {{.HostConfig.RestartPolicy}} {{.HostConfig.Binds}}", "[] map[MaximumRetryCount:0 Name:no] <no value>\n")]
    public async Task Inspect_falls_back_to_the_json_as_maps_like_docker(string template, string expected)
    {
        var (output, error) = await InspectAsync(template);

        Assert.Null(error);
        Assert.Equal(expected, output);
    }

    [Theory]
    [InlineData("{{.Nmes}}", "failed to execute template: template: :1:2: executing \"\" at <.Nmes>: can't evaluate field Nmes in type *formatter.ContainerContext")]
    [InlineData("table {{.Nmes}}", "failed to execute template: template: :1:8: executing \"\" at <.Nmes>: can't evaluate field Nmes in type *formatter.ContainerContext")]
    [InlineData("{{.Foo.Bar}}", "failed to execute template: template: :1:6: executing \"\" at <.Foo.Bar>: can't evaluate field Foo in type *formatter.ContainerContext")]
    [InlineData("{{.Names.Bar}}", "failed to execute template: template: :1:8: executing \"\" at <.Names.Bar>: can't evaluate field Bar in type string")]
    [InlineData("{{.Label \"a\"}}|{{.Label}}", "failed to execute template: template: :1:17: executing \"\" at <.Label>: wrong number of args for Label: want 1 got 0")]
    [InlineData("{{.Names \"x\"}}", "failed to execute template: template: :1:2: executing \"\" at <.Names>: wrong number of args for Names: want 0 got 1")]
    public void A_list_row_without_the_member_fails_as_docker_does(string template, string expected)
    {
        var format = OutputFormat.Parse(template, "{{.Names}}", s_rowType);

        var error = Assert.Throws<TemplateException>(() => format.Render([Row("web", new Dictionary<string, string>())]));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void A_table_header_fails_on_a_missing_member_even_without_rows()
    {
        var format = OutputFormat.Parse("table {{.Nmes}}", "{{.Names}}", s_rowType);

        Assert.Throws<TemplateException>(() => format.Render([]));
    }

    [Theory]
    [InlineData("{{.Label \"a\"}}|{{.Label \"zz\"}}|{{\"a\" | .Label}}", "b||b\n")]
    [InlineData("table {{.Names}}\t{{.Label \"a\"}}\t{{.Size}}", "NAMES     a         SIZE\nweb       b         0B\n")]
    [InlineData("{{json .}}", "{\"Names\":\"web\",\"Size\":\"0B\"}\n")]
    public void Row_methods_take_arguments(string template, string expected)
    {
        var format = OutputFormat.Parse(template, "{{.Names}}", s_rowType);

        Assert.Equal(expected, format.Render([Row("web", new Dictionary<string, string> { ["a"] = "b" })]));
    }

    [Fact]
    public void Raw_json_decodes_as_go_maps()
    {
        var raw = TemplateValue.FromJson(JsonDocument.Parse("""{"A":{"b":1,"a":null},"L":[1,2]}""").RootElement);

        Assert.Equal("map[a:<nil> b:1] [1 2] <no value>", GoTemplate.Parse("{{.A}} {{.L}} {{.A.a}}").Execute(raw));
        Assert.Equal("{\"a\":null,\"b\":1}", GoTemplate.Parse("{{json .A}}").Execute(raw));
    }

    [Fact]
    public void A_list_template_that_does_not_parse_fails_with_exit_1_and_docker_words()
    {
        var error = Assert.Throws<TemplateException>(() => OutputFormat.Parse("{{.Names", "{{.Names}}", s_rowType));

        Assert.Equal("failed to parse template: template: :1: unclosed action", error.Message);
        Assert.False(error.IsParseError);
    }
}
