using Cais.Cli.Tests.Fakes;

namespace Cais.Cli.Tests.Commands;

public sealed class SystemCommandTests
{
    [Fact]
    public async Task Version_renders_the_client_and_server_sections_as_docker_lays_them_out()
    {
        var engine = new FakeEngine();

        var run = await CliRun.RunAsync(engine, "version");

        Assert.Equal(["Version()"], engine.Log.Calls);
        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        ExpectedOutput.Matches("version.txt", run.Out);
    }

    [Theory]
    [InlineData("{{.Client.Version}}", "9.8.7\n")]
    [InlineData("{{.Server.Version}} {{.Server.ApiVersion}} {{.Server.MinAPIVersion}}", "9.8.7 1.50 1.24\n")]
    [InlineData("{{.Client.Context}} {{.Client.Os}}/{{.Client.Arch}}", "default linux/amd64\n")]
    [InlineData("{{.Server.GoVersion}} {{.Server.Platform.Name}}", ".NET 10.0.0 Cais\n")]
    [InlineData("{{range .Server.Components}}{{.Name}}={{.Version}}{{end}}", "Engine=9.8.7\n")]
    [InlineData("{{json .Client}}", """{"Version":"9.8.7","ApiVersion":"1.50","DefaultAPIVersion":"1.50","GitCommit":"abc1234","GoVersion":".NET 10.0.0","Os":"linux","Arch":"amd64","BuildTime":"Sat May 30 12:07:14 2026","Context":"default"}""" + "\n")]
    public async Task Version_format_renders_docker_fields(string format, string expected)
    {
        var run = await CliRun.RunAsync(new FakeEngine(), "version", "--format", format);

        Assert.Equal(new CliRun(0, expected, ""), run);
    }

    [Fact]
    public async Task Version_format_json_has_both_sections()
    {
        var run = await CliRun.RunAsync(new FakeEngine(), "version", "-f", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("""{"Client":{"Version":"9.8.7",""", run.Out, StringComparison.Ordinal);
        Assert.Contains(""","Server":{"Platform":{"Name":"Cais"},"Components":[{"Name":"Engine","Version":"9.8.7","Details":{"ApiVersion":"1.50",""", run.Out, StringComparison.Ordinal);
        Assert.EndsWith("\"KernelVersion\":\"6.1.0\",\"BuildTime\":\"2026-05-30T12:07:14.5Z\"}}\n", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_format_naming_a_missing_field_fails_with_exit_1()
    {
        var run = await CliRun.RunAsync(new FakeEngine(), "version", "--format", "{{.Client.Nope}}");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.StartsWith("template: version:1", run.Error, StringComparison.Ordinal);
        Assert.Contains("can't evaluate field Nope", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_format_that_does_not_parse_fails_with_exit_64_before_asking_the_engine()
    {
        var engine = new FakeEngine();

        var run = await CliRun.RunAsync(engine, "version", "--format", "{{.Client");

        Assert.Equal(new CliRun(64, "", "template parsing error: template: version:1: unclosed action\n"), run);
        Assert.Empty(engine.Log.Calls);
    }
}
