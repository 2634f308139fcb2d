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
            FilterOption.Spec('f', "Filter output based on conditions provided"),
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
        var quiet = args.GetBool("quiet");
        var size = WantsSize(args, quiet);
        var options = new ContainerListOptions { All = args.GetBool("all"), Limit = last, Filters = FilterOption.Read(args), Size = size };
        var containers = await context.Containers.ListAsync(options, cancellationToken).ConfigureAwait(false);
        var noTrunc = args.GetBool("no-trunc");
        var now = DateTimeOffset.UtcNow;
        var format = OutputFormat.Parse(quiet ? "{{.ID}}" : args.GetString("format"),
            "{{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}" + (size ? "\t{{.Size}}" : ""), s_rowType);
        await context.Out.WriteAsync(format.Render(containers.Select(c => Row(c, noTrunc, now)))).ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// Sizes walk every container's files, so they are asked for only by --size, or, as the docker CLI does unless
    /// --size=false says otherwise, by a --format template that uses .Size (directly or through {{json .}}). Never
    /// with -q, which prints IDs only.
    /// </summary>
    private static bool WantsSize(ParsedCommand args, bool quiet)
    {
        if (quiet || args.IsSet("size"))
        {
            return !quiet && args.GetBool("size");
        }

        var format = args.GetString("format") ?? "";
        return format is not ("" or "table" or "json")
            && (format.Contains(".Size", StringComparison.Ordinal) || format.Contains("json .", StringComparison.Ordinal));
    }

    /// <summary>Docker's CLI columns of a container summary: truncation, "5 seconds ago" and the PORTS text are computed here, as docker does.</summary>
    private static TemplateValue Row(ContainerSummary c, bool noTrunc, DateTimeOffset now)
    {
        // Docker's CLI truncates the daemon's text, then quotes it the way Go does ("sh -c 'echo \"a b\"'").
        var command = GoQuote.Quote(noTrunc ? c.Command : GoQuote.Ellipsis(c.Command, 20));
        var created = DateTimeOffset.FromUnixTimeSeconds(c.Created);
        var networks = c.NetworkSettings?.Networks ?? new Dictionary<string, EndpointSettings>();
        var name = c.Names is [var first, ..] ? first.TrimStart('/') : "";
        var labels = c.Labels ?? new Dictionary<string, string>();
        return s_rowType.Row(
            ("Command", TemplateValue.FromString(command)),
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
            ("Size", TemplateValue.FromString(SizeText(c))),
            ("State", TemplateValue.FromString(c.State)),
            ("Status", TemplateValue.FromString(c.Status)));
    }

    /// <summary>The docker CLI's SIZE text: "12.3kB (virtual 2MB)", the writable layer alone when there is no root size ("0B" unasked).</summary>
    private static string SizeText(ContainerSummary c) =>
        c.SizeRootFs > 0 ? $"{Humanize.HumanSize(c.SizeRw)} (virtual {Humanize.HumanSize(c.SizeRootFs)})" : Humanize.HumanSize(c.SizeRw);
}
