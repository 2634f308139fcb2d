using System.Globalization;
using System.Text.Json;
using Cais.Api;
using Cais.Cli.CommandLine;
using Cais.Cli.Rendering;
using Cais.Common;
using Cais.Network;

namespace Cais.Cli.Commands.Networks;

/// <summary><c>cais network create|ls|inspect|rm|prune</c> (connect/disconnect in their own file): bridge networks, with Docker's output.</summary>
public static class NetworkCommand
{
    // Docker's network.networkContext: its members, their column titles, and Label "key".
    private static readonly TemplateRowType s_rowType = new("*network.networkContext", new Dictionary<string, string>
    {
        ["ID"] = "NETWORK ID", ["Name"] = "NAME", ["Driver"] = "DRIVER", ["Scope"] = "SCOPE", ["IPv6"] = "IPV6",
        ["Internal"] = "INTERNAL", ["Labels"] = "LABELS", ["CreatedAt"] = "CREATED AT",
    }, "template parsing error: ", "Label");

    private const string FormatHelp = "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template";

    public static CommandSpec Spec() => new("network", "Manage networks")
    {
        Usage = "cais network COMMAND",
        Subcommands = [NetworkConnectCommands.Connect(), Create(), NetworkConnectCommands.Disconnect(), InspectSpec(), Ls(), Prune(), Rm()],
    };

    private static CommandSpec Create() => new("create", "Create a network")
    {
        Usage = "cais network create [OPTIONS] NETWORK",
        MinArgs = 1,
        MaxArgs = 1,
        Options =
        [
            OptionSpec.Str("driver", 'd', "Driver to manage the Network", "bridge"),
            OptionSpec.Str("gateway", null, "IPv4 Gateway for the master subnet"),
            OptionSpec.Flag("internal", null, "Restrict external access to the network"),
            OptionSpec.Strings("label", null, "Set metadata on a network"),
            OptionSpec.Str("subnet", null, "Subnet in CIDR format that represents a network segment"),
        ],
        Handler = Handler.Of(CreateAsync),
    };

    private static CommandSpec Ls() => new("ls", "List networks")
    {
        Usage = "cais network ls [OPTIONS]",
        Aliases = ["list"],
        MaxArgs = 0,
        Options =
        [
            FilterOption.Spec('f', "Provide filter values (e.g. \"driver=bridge\")"),
            OptionSpec.Str("format", null, FormatHelp),
            OptionSpec.Flag("no-trunc", null, "Do not truncate the output"),
            OptionSpec.Flag("quiet", 'q', "Only display network IDs"),
        ],
        Handler = Handler.Of(LsAsync),
    };

    private static CommandSpec InspectSpec() => new("inspect", "Display detailed information on one or more networks")
    {
        Usage = "cais network inspect [OPTIONS] NETWORK [NETWORK...]",
        MinArgs = 1,
        Options = [OptionSpec.Str("format", 'f', "Format output using a custom template")],
        Handler = Handler.Of(InspectAsync),
    };

    private static CommandSpec Rm() => new("rm", "Remove one or more networks")
    {
        Usage = "cais network rm NETWORK [NETWORK...]",
        Aliases = ["remove"],
        MinArgs = 1,
        Options = [OptionSpec.Flag("force", 'f', "Do not error if the network does not exist")],
        Handler = Handler.Of(RmAsync),
    };

    private static CommandSpec Prune() => new("prune", "Remove all unused networks")
    {
        Usage = "cais network prune [OPTIONS]",
        MaxArgs = 0,
        Options =
        [
            FilterOption.Spec(null, "Provide filter values (e.g. \"until=<timestamp>\")"),
            OptionSpec.Flag("force", 'f', "Do not prompt for confirmation"),
        ],
        Handler = Handler.Of(PruneAsync),
    };

    private static async Task<int> CreateAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var args = context.Args;
        var labels = new Dictionary<string, string>();
        foreach (var label in args.GetList("label"))
        {
            var eq = label.IndexOf('=', StringComparison.Ordinal);
            labels[eq < 0 ? label : label[..eq]] = eq < 0 ? "" : label[(eq + 1)..];
        }

        var record = await context.Networks.CreateAsync(new NetworkCreateRequest
        {
            Name = args.Positionals[0],
            Driver = args.GetString("driver") ?? "bridge",
            Subnet = args.GetString("subnet"),
            Gateway = args.GetString("gateway"),
            Internal = args.GetBool("internal"),
            Labels = labels,
        }, cancellationToken).ConfigureAwait(false);
        await context.Out.WriteLineAsync(record.Id).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> LsAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var args = context.Args;
        var noTrunc = args.GetBool("no-trunc");
        var networks = await context.Networks.ListAsync(FilterOption.Read(args), cancellationToken).ConfigureAwait(false);
        var format = OutputFormat.Parse(args.GetBool("quiet") ? "{{.ID}}" : args.GetString("format"),
            "{{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}", s_rowType);
        await context.Out.WriteAsync(format.Render(networks.Select(n => Row(n, noTrunc)))).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Docker's CLI columns of a network: truncation and CREATED AT (none for the predefined modes) are computed here.</summary>
    private static TemplateValue Row(NetworkResource n, bool noTrunc) => s_rowType.Row(
        ("CreatedAt", TemplateValue.FromString(n.Created == GoTime.Zero ? "" : Humanize.GoTime(n.Created))),
        ("Driver", TemplateValue.FromString(n.Driver)),
        ("ID", TemplateValue.FromString(noTrunc ? n.Id : Ids.Short(n.Id))),
        ("IPv6", TemplateValue.FromString(n.EnableIPv6 ? "true" : "false")),
        ("Internal", TemplateValue.FromString(n.Internal ? "true" : "false")),
        ("Label", TemplateValue.Method(1, args => TemplateValue.FromString(n.Labels?.GetValueOrDefault(args[0].Text, "") ?? ""))),
        ("Labels", TemplateValue.FromString(string.Join(',', (n.Labels ?? new Dictionary<string, string>()).Select(kv => $"{kv.Key}={kv.Value}")))),
        ("Name", TemplateValue.FromString(n.Name)),
        ("Scope", TemplateValue.FromString(n.Scope)));

    private static async Task<int> InspectAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var output = InspectOutput.Parse(context.Args.GetString("format"));
        var found = new List<InspectDocument>();
        var status = 0;
        foreach (var name in context.Args.Positionals)
        {
            try
            {
                var network = await context.Networks.InspectAsync(name, cancellationToken).ConfigureAwait(false);
                found.Add(InspectDocument.Of(network, ApiJsonContext.Default.NetworkResource));
            }
            catch (EngineException e) when (e.Kind == ErrorKind.NotFound)
            {
                await context.Errors.DaemonErrorAsync(e.Message).ConfigureAwait(false);
                status = 1;
            }
        }

        await output.WriteAsync(context.Out, found).ConfigureAwait(false);
        return status;
    }

    private static async Task<int> RmAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var status = 0;
        foreach (var name in context.Args.Positionals)
        {
            try
            {
                await context.Networks.RemoveAsync(name, cancellationToken).ConfigureAwait(false);
                await context.Out.WriteLineAsync(name).ConfigureAwait(false);
            }
            catch (EngineException e) when (e.Kind == ErrorKind.NotFound && context.Args.GetBool("force"))
            {
                // -f: a network that is already gone is what the caller wanted; Docker says nothing.
            }
            catch (EngineException e)
            {
                await context.Errors.DaemonErrorAsync(e.Message).ConfigureAwait(false);
                status = 1;
            }
        }

        if (status != 0)
        {
            // Docker 28's network rm ends a failure with this line of its own after the per-network errors.
            await context.Errors.ClientErrorAsync("exit status " + status.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        }

        return status;
    }

    private static async Task<int> PruneAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var filters = FilterOption.Read(context.Args);
        if (!context.Args.GetBool("force"))
        {
            await context.Out.WriteAsync("WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] ")
                .ConfigureAwait(false);
            await context.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            var answer = (await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false))?.Trim();
            if (answer is not ("y" or "Y" or "yes" or "Yes"))
            {
                return 0;
            }
        }

        var report = await context.Networks.PruneAsync(filters, cancellationToken).ConfigureAwait(false);
        if (report.NetworksDeleted is { Count: > 0 } deleted)
        {
            // The docker CLI ends the list with an empty line.
            await context.Out.WriteAsync($"Deleted Networks:\n{string.Concat(deleted.Select(name => name + "\n"))}\n").ConfigureAwait(false);
        }

        return 0;
    }
}
