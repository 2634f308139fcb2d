using System.Text;
using System.Text.Json.Nodes;
using Cais.Cli.Rendering;

namespace Cais.Cli.Tests.Rendering;

/// <summary>The Go template engine behind --format: Go's actions and functions plus Docker's, and Go's error texts.</summary>
public sealed class GoTemplateTests
{
    private static readonly TemplateValue s_data = TemplateValue.FromJson(JsonNode.Parse("""
        {
          "Name": "web",
          "Id": "0123456789abcdef",
          "Running": true,
          "Paused": false,
          "ExitCode": 137,
          "Labels": {"a": "1", "b": "two"},
          "Names": ["web", "www"],
          "Empty": [],
          "Nothing": null,
          "Ports": [{"Private": 80, "Type": "tcp"}, {"Private": 53, "Type": "udp"}]
        }
        """));

    private static readonly string[] s_templates =
    [
        "{{.Name}}",
        "{{.Id}} {{.ExitCode}} {{.Running}}",
        "{{json .Labels}}",
        "{{json .Names}}",
        "{{json .Nothing}}",
        "{{.Labels.b}}",
        "{{index .Labels \"a\"}}",
        "{{index .Names 1}}",
        "{{range .Names}}[{{.}}]{{end}}",
        "{{range $i, $n := .Names}}{{$i}}={{$n}} {{end}}",
        "{{range .Empty}}x{{else}}none{{end}}",
        "{{range .Ports}}{{.Private}}/{{.Type}} {{end}}",
        "{{if .Running}}up{{else}}down{{end}}",
        "{{if .Paused}}paused{{else if .Running}}running{{end}}",
        "{{if and .Running (not .Paused)}}yes{{end}}",
        "{{or .Nothing \"fallback\"}}",
        "{{with .Labels}}{{.a}}{{end}}",
        "{{$n := .Name}}{{upper $n}}-{{lower \"ABC\"}}-{{title \"hello world\"}}",
        "{{join .Names \", \"}}",
        "{{split \"a:b:c\" \":\"}}",
        "{{len .Names}} {{len .Name}}",
        "{{truncate .Id 5}}",
        "{{pad .Name 2 1}}|",
        "{{printf \"%s:%d\" .Name .ExitCode}}",
        "{{print .Name .ExitCode}}",
        "{{eq .ExitCode 137}} {{ne .Name \"web\"}} {{lt 1 2}} {{ge 2 3}}",
        "{{.Name | upper}}",
        "{{- .Name -}}  ",
        "{{/* a comment */}}{{.Name}}",
        "{{.Missing}}",
    ];

    [Fact]
    public void Renders_actions_and_functions_as_go_does()
    {
        var text = new StringBuilder();
        foreach (var template in s_templates)
        {
            text.Append(template).Append(" => ").Append(GoTemplate.Parse(template).Execute(s_data)).Append('\n');
        }

        ExpectedOutput.Matches("templates.txt", text.ToString());
    }

    [Theory]
    [InlineData("{{.Name")]
    [InlineData("{{if .Running}}up")]
    [InlineData("{{nosuchfunction .Name}}")]
    [InlineData("{{end}}")]
    public void A_template_that_does_not_parse_is_a_parse_error(string template) =>
        Assert.True(Assert.Throws<TemplateException>(() => GoTemplate.Parse(template)).IsParseError);

    [Theory]
    [InlineData("{{index .Names 5}}", "error calling index: index out of range: 5")]
    [InlineData("{{len .Running}}", "error calling len: len of type bool")]
    [InlineData("{{upper}}", "wrong number of args for upper: want 1 got 0")]
    public void Execution_errors_use_go_words(string template, string expected)
    {
        var error = Assert.Throws<TemplateException>(() => GoTemplate.Parse(template).Execute(s_data));

        Assert.False(error.IsParseError);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
