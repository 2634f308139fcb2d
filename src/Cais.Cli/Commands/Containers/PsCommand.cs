using System.Globalization;
using Cais.Cli.CommandLine;
using Cais.Cli.Rendering;
using Cais.Common;
using Cais.Metadata;
using Cais.Network.Ports;

namespace Cais.Cli.Commands.Containers;

public static class PsCommand
{
    private static readonly Dictionary<string, string> s_headers = new()
    {
        ["ID"] = "CONTAINER ID", ["Image"] = "IMAGE", ["Command"] = "COMMAND", ["CreatedAt"] = "CREATED AT",
        ["RunningFor"] = "CREATED", ["Ports"] = "PORTS", ["State"] = "STATE", ["Status"] = "STATUS", ["Size"] = "SIZE",
        ["Names"] = "NAMES", ["Labels"] = "LABELS", ["Mounts"] = "MOUNTS", ["Networks"] = "NETWORKS",
    };

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
        var filters = args.GetList("filter").Select(ContainerFilter.Parse).ToList();
        var last = args.GetBool("latest") ? 1 : args.IsSet("last") ? args.GetInt("last") : -1;
        var all = args.GetBool("all") || last > 0 || filters.Any(f => f.Key is "status" or "exited");
        var noTrunc = args.GetBool("no-trunc");
        var now = DateTimeOffset.UtcNow;
        IEnumerable<ContainerRecord> list = await context.Engine.Containers.ListAsync(cancellationToken).ConfigureAwait(false);
        list = list.Where(c => all || c.State.Status is ContainerStatus.Running or ContainerStatus.Paused).Where(c => filters.All(f => f.Matches(c, context.Engine)));
        if (last > 0)
        {
            list = list.Take(last);
        }

        var rows = list.Select(c => Row(c, noTrunc, now)).ToList();
        var format = OutputFormat.Parse(args.GetBool("quiet") ? "{{.ID}}" : args.GetString("format"),
            "{{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}", s_headers);
        await context.Out.WriteAsync(format.Render(rows)).ConfigureAwait(false);
        return 0;
    }

    private static TemplateValue Row(ContainerRecord c, bool noTrunc, DateTimeOffset now)
    {
        var command = string.Join(' ', c.Command);
        if (!noTrunc && command.Length > 20)
        {
            command = command[..19] + "…";
        }

        return TemplateValue.FromObject(
            ("Command", TemplateValue.FromString("\"" + command + "\"")),
            ("CreatedAt", TemplateValue.FromString(c.Created.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture))),
            ("ID", TemplateValue.FromString(noTrunc ? c.Id : Ids.Short(c.Id))),
            ("Image", TemplateValue.FromString(c.ImageName)),
            ("Labels", TemplateValue.FromString(string.Join(',', c.Settings.Labels.Select(kv => $"{kv.Key}={kv.Value}")))),
            ("LocalVolumes", TemplateValue.FromString("0")),
            ("Mounts", TemplateValue.FromString(string.Join(',', c.Settings.Binds.Select(b => b.Split(':')[0])))),
            ("Names", TemplateValue.FromString(c.Name)),
            ("Networks", TemplateValue.FromString(c.Settings.Networks.Count > 0 ? string.Join(",", c.Settings.Networks.Select(n => n.Network)) : c.Settings.NetworkMode)),
            ("Ports", TemplateValue.FromString(PortFormatter.PsColumn(PortFormatter.Summaries(ContainerPorts.Map(c))))),
            ("RunningFor", TemplateValue.FromString(Humanize.Ago(c.Created, now))),
            ("Size", TemplateValue.FromString("0B")),
            ("State", TemplateValue.FromString(c.State.Status.ToDockerName())),
            ("Status", TemplateValue.FromString(Status(c, now))));
    }

    /// <summary>Docker's STATUS column: "Up 5 seconds", "Exited (0) 3 seconds ago", "Created".</summary>
    public static string Status(ContainerRecord c, DateTimeOffset now) => c.State.Status switch
    {
        ContainerStatus.Running => Humanize.UpStatus(c.State.StartedAt ?? now, now),
        ContainerStatus.Paused => Humanize.UpStatus(c.State.StartedAt ?? now, now, paused: true),
        ContainerStatus.Exited => Humanize.ExitedStatus(c.State.ExitCode, c.State.FinishedAt ?? now, now),
        ContainerStatus.Created => Humanize.CreatedStatus,
        var other => char.ToUpperInvariant(other.ToDockerName()[0]) + other.ToDockerName()[1..],
    };
}
