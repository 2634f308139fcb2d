using System.Text.Json;
using Cais.Api;
using Cais.Cli.CommandLine;
using Cais.Cli.Rendering;
using Cais.Common;

namespace Cais.Cli.Commands.SystemCommands;

/// <summary><c>cais version [-f FORMAT]</c>: Docker's Client and Server sections, as a table, JSON or a Go template.</summary>
public static class VersionCommand
{
    /// <summary>What <c>cais -v</c> prints (Docker: "Docker version 28.2.2, build e6534b4").</summary>
    public static string Short => EngineBuild.GitCommit.Length > 0
        ? $"Cais version {EngineBuild.Version}, build {EngineBuild.GitCommit}"
        : $"Cais version {EngineBuild.Version}";

    public static CommandSpec Spec() => new("version", "Show the Cais version information")
    {
        Usage = "cais version [OPTIONS]",
        MaxArgs = 0,
        Options =
        [
            OptionSpec.Str("format", 'f', "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
        ],
        Handler = Handler.Of(async (context, _) =>
        {
            var format = context.Args.GetString("format");

            // Parsed before anything is asked, so a bad template fails alone (exit 64), as in Docker.
            var template = string.IsNullOrEmpty(format) ? null : GoTemplate.Parse(format == "json" ? "{{json .}}" : format, "version");
            var server = context.System.Version();
            var client = ClientVersion.Of(server);
            if (template is null)
            {
                await context.Out.WriteAsync(VersionText.Render(client, server)).ConfigureAwait(false);
                return 0;
            }

            await context.Out.WriteLineAsync(template.Execute(ToTemplateValue(client, server))).ConfigureAwait(false);
            return 0;
        }),
    };

    /// <summary>Docker's versionInfo: {Client, Server}, both Go structs (naming a field they lack fails).</summary>
    private static TemplateValue ToTemplateValue(ClientVersion client, SystemVersion server)
    {
        return TemplateValue.FromStruct(
            "command.versionInfo",
            [
                KeyValuePair.Create("Client", client.ToTemplateValue()),
                KeyValuePair.Create("Server", WireTemplateValue.From(server, ApiJsonContext.Default.SystemVersion)),
            ]);
    }
}
