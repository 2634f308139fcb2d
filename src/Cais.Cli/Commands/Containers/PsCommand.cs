using System.Globalization;
using Cais.Api;
using Cais.Cli.CommandLine;
using Cais.Cli.Rendering;
using Cais.Common;

namespace Cais.Cli.Commands.Containers;

public static class PsCommand
{
    // Docker's formatter.ContainerContext: its members, their column titles, and Label "key".
    private static readonly TemplateRowType s_rowType = new("*formatter.ContainerContext", new Dictionary<string, string>
    {
        ["ID"] = "CONTAINER ID", ["Image"] = "IMAGE", ["Command"] = "COMMAND", ["CreatedAt"] = "CREATED AT",
        ["RunningFor"] = "CREATED", ["Ports"] = "PORTS", ["State"] = "STATE", ["Status"] = "STATUS", ["Size"] = "SIZE",
        ["Names"] = "NAMES", ["Labels"] = "LABELS", ["Mounts"] = "MOUNTS", ["Networks"] = "NETWORKS",
        ["LocalVolumes"] = "LOCAL VOLUMES",
    }, "failed to execute template: ", "Label");

    public static CommandSpec Spec(string name = "ps") => new(name, "List containers")
    {
        Usage = name == "ps" ? "cais ps [OPTIONS]" : "cais container ls [OPTIONS]",
        Aliases = name == "ls" ? ["ps", "list"] : [],
        IsCommon = name == "ps",
        MaxArgs = 0,
        Options =
        [
            OptionSpec.Flag("all", 'a', "Show all containers (default shows just running)"),
            OptionSpec.Strings("filter", 'f', "Filter output based on conditions provided"),
            OptionSpec.Str("format", null, "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template"),
            OptionSpec.Integer("last", 'n', "Show n last created containers (includes all states)", -1),
            OptionSpec.Flag("latest", 'l', "Show the latest created container (includes all states)"),
            OptionSpec.Flag("no-trunc", null, "Don't truncate output"),
            OptionSpec.Flag("quiet", 'q', "Only display container IDs"),
            OptionSpec.Flag("size", 's', "Display total file sizes"),
        ],
        Handler = Handler.Of(RunAsync),
    };

    private static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var args = context.Args;
        var last = args.GetBool("latest") ? 1 : args.IsSet("last") ? args.GetInt("last") : -1;
        var options = new ContainerListOptions { All = args.GetBool("all"), Limit = last, Filters = FilterOption.Read(args) };
        var containers = await context.Containers.ListAsync(options, cancellationToken).ConfigureAwait(false);
        var noTrunc = args.GetBool("no-trunc");
        var now = DateTimeOffset.UtcNow;
        var format = OutputFormat.Parse(args.GetBool("quiet") ? "{{.ID}}" : args.GetString("format"),
            "{{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}", s_rowType);
        await context.Out.WriteAsync(format.Render(containers.Select(c => Row(c, noTrunc, now)))).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Docker's CLI columns of a container summary: truncation, "5 seconds ago" and the PORTS text are computed here, as docker does.</summary>
    private static TemplateValue Row(ContainerSummary c, bool noTrunc, DateTimeOffset now)
    {
        var command = c.Command;
        if (!noTrunc && command.Length > 20)
        {
            command = command[..19] + "…";
        }

        var created = DateTimeOffset.FromUnixTimeSeconds(c.Created);
        var networks = c.NetworkSettings?.Networks ?? new Dictionary<string, EndpointSettings>();
        var name = c.Names is [var first, ..] ? first.TrimStart('/') : "";
        var labels = c.Labels ?? new Dictionary<string, string>();
        return s_rowType.Row(
            ("Command", TemplateValue.FromString("\"" + command + "\"")),
            ("CreatedAt", TemplateValue.FromString(Humanize.GoTime(created))),
            ("ID", TemplateValue.FromString(noTrunc ? c.Id : Ids.Short(c.Id))),
            ("Image", TemplateValue.FromString(c.Image)),
            ("Label", TemplateValue.Method(1, args => TemplateValue.FromString(labels.GetValueOrDefault(args[0].Text, "")))),
            ("Labels", TemplateValue.FromString(string.Join(',', labels.Select(kv => $"{kv.Key}={kv.Value}")))),
            ("LocalVolumes", TemplateValue.FromString("0")),
            ("Mounts", TemplateValue.FromString(string.Join(',', (c.Mounts ?? []).Select(m => m.Source)))),
            ("Names", TemplateValue.FromString(name)),
            ("Networks", TemplateValue.FromString(networks.Count > 0 ? string.Join(",", networks.Keys) : c.HostConfig?.NetworkMode ?? "")),
            ("Ports", TemplateValue.FromString(PortFormatter.PsColumn(c.Ports ?? []))),
            ("RunningFor", TemplateValue.FromString(Humanize.Ago(created, now))),
            ("Size", TemplateValue.FromString("0B")),
            ("State", TemplateValue.FromString(c.State)),
            ("Status", TemplateValue.FromString(c.Status)));
    }
}
