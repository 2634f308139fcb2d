using System.Globalization;
using System.Text.Json.Nodes;
using Cais.Cli.CommandLine;
using Cais.Cli.Commands.Inspect;
using Cais.Cli.Rendering;
using Cais.Common;
using Cais.Hosting;
using Cais.Network;

namespace Cais.Cli.Commands.Networks;

/// <summary><c>cais network create|ls|inspect|rm|prune</c> (connect/disconnect in their own file): bridge networks, with Docker's output.</summary>
public static class NetworkCommand
{
    private static readonly Dictionary<string, string> s_headers = new()
    {
        ["ID"] = "NETWORK ID", ["Name"] = "NAME", ["Driver"] = "DRIVER", ["Scope"] = "SCOPE", ["IPv6"] = "IPV6",
        ["Internal"] = "INTERNAL", ["Labels"] = "LABELS", ["CreatedAt"] = "CREATED AT",
    };

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
            OptionSpec.Strings("filter", 'f', "Provide filter values (e.g. \"driver=bridge\")"),
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
        Handler = Handler.Of(RmAsync),
    };

    private static CommandSpec Prune() => new("prune", "Remove all unused networks")
    {
        Usage = "cais network prune [OPTIONS]",
        MaxArgs = 0,
        Options = [OptionSpec.Flag("force", 'f', "Do not prompt for confirmation")],
        Handler = Handler.Of(PruneAsync),
    };

    private static async Task<int> CreateAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var args = context.Args;
        var driver = args.GetString("driver") ?? "bridge";
        if (driver != "bridge")
        {
            throw EngineException.NotFound($"plugin \"{driver}\" not found");
        }

        var labels = new Dictionary<string, string>();
        foreach (var label in args.GetList("label"))
        {
            var eq = label.IndexOf('=', StringComparison.Ordinal);
            labels[eq < 0 ? label : label[..eq]] = eq < 0 ? "" : label[(eq + 1)..];
        }

        var name = args.Positionals[0];
        if (name is "none" or "host")
        {
            throw new EngineException(ErrorKind.PermissionDenied, $"operation is not permitted on predefined {name} network ");
        }

        var record = await context.Networks.CreateAsync(new NetworkCreateRequest
        {
            Name = name,
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
        var networks = context.Engine.Networks;
        // Docker always lists its predefined networks; cais creates "bridge" on first use, so ls is such a use.
        await networks.EnsureDefaultBridgeAsync(cancellationToken).ConfigureAwait(false);
        var filter = NetworkFilter.Parse(args.GetList("filter"));
        var named = new List<(string Name, TemplateValue Row)>();
        foreach (var predefined in new[] { ("host", "host"), ("none", "null") })
        {
            if (filter.Matches(PredefinedId(predefined.Item1), predefined.Item1, predefined.Item2, new Dictionary<string, string>(), builtin: true,
                    used: context.Engine.ContainerRecords.List().Any(c => c.Settings.NetworkMode == predefined.Item1)))
            {
                named.Add((predefined.Item1, Predefined(predefined.Item1, noTrunc)));
            }
        }

        foreach (var n in networks.List())
        {
            if (filter.Matches(n.Id, n.Name, n.Driver, n.Labels, builtin: n.Name == NetworkRecord.DefaultName,
                    used: context.Engine.Containers.ContainersOnNetwork(n).Count > 0))
            {
                named.Add((n.Name, Row(n, noTrunc)));
            }
        }

        var rows = named.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => r.Row).ToList();
        var format = OutputFormat.Parse(args.GetBool("quiet") ? "{{.ID}}" : args.GetString("format"),
            "{{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}", s_headers);
        await context.Out.WriteAsync(format.Render(rows)).ConfigureAwait(false);
        return 0;
    }

    private static TemplateValue Row(NetworkRecord n, bool noTrunc) => TemplateValue.FromObject(
        ("CreatedAt", TemplateValue.FromString(n.Created.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss.fffffff zzz", CultureInfo.InvariantCulture))),
        ("Driver", TemplateValue.FromString(n.Driver)),
        ("ID", TemplateValue.FromString(noTrunc ? n.Id : Ids.Short(n.Id))),
        ("IPv6", TemplateValue.FromString("false")),
        ("Internal", TemplateValue.FromString(n.Internal ? "true" : "false")),
        ("Labels", TemplateValue.FromString(string.Join(',', n.Labels.Select(kv => $"{kv.Key}={kv.Value}")))),
        ("Name", TemplateValue.FromString(n.Name)),
        ("Scope", TemplateValue.FromString("local")));

    /// <summary>none and host are modes, not records; their ids are fixed so that they read the same on every call.</summary>
    private static string PredefinedId(string name) => Digest.Compute(System.Text.Encoding.UTF8.GetBytes("cais-network-" + name)).Hex;

    private static TemplateValue Predefined(string name, bool noTrunc)
    {
        var id = PredefinedId(name);
        return TemplateValue.FromObject(
            ("CreatedAt", TemplateValue.FromString("")),
            ("Driver", TemplateValue.FromString(name == "host" ? "host" : "null")),
            ("ID", TemplateValue.FromString(noTrunc ? id : Ids.Short(id))),
            ("IPv6", TemplateValue.FromString("false")),
            ("Internal", TemplateValue.FromString("false")),
            ("Labels", TemplateValue.FromString("")),
            ("Name", TemplateValue.FromString(name)),
            ("Scope", TemplateValue.FromString("local")));
    }

    private static async Task<int> InspectAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var engine = context.Engine;
        var format = context.Args.GetString("format");
        var template = string.IsNullOrEmpty(format) || format == "json" ? null : GoTemplate.Parse(format);
        var found = new JsonArray();
        var status = 0;
        foreach (var name in context.Args.Positionals)
        {
            if (name == NetworkRecord.DefaultName)
            {
                await engine.Networks.EnsureDefaultBridgeAsync(cancellationToken).ConfigureAwait(false);
            }

            if (name is "host" or "none")
            {
                found.Add((JsonNode)PredefinedJson(name, engine.ContainerRecords.List().Where(c => c.Settings.NetworkMode == name).ToList()));
                continue;
            }

            var network = engine.NetworkRecords.Find(name);
            if (network is null)
            {
                await context.Errors.DaemonErrorAsync($"network {name} not found").ConfigureAwait(false);
                status = 1;
                continue;
            }

            found.Add((JsonNode)Json(network, engine.Containers.ContainersOnNetwork(network)));
        }

        if (template is null)
        {
            await context.Out.WriteLineAsync(InspectJson.Serialize(found)).ConfigureAwait(false);
        }
        else
        {
            foreach (var node in found)
            {
                await context.Out.WriteLineAsync(template.Execute(TemplateValue.FromJson(node))).ConfigureAwait(false);
            }
        }

        return status;
    }

    private static JsonObject Json(NetworkRecord n, IReadOnlyList<Metadata.ContainerRecord> attached)
    {
        var containers = new JsonObject();
        foreach (var c in attached)
        {
            foreach (var e in c.State.Endpoints.Where(e => e.NetworkId == n.Id))
            {
                containers[c.Id] = new JsonObject
                {
                    ["Name"] = c.Name,
                    ["EndpointID"] = "",
                    ["MacAddress"] = e.MacAddress,
                    ["IPv4Address"] = string.Create(CultureInfo.InvariantCulture, $"{e.IPAddress}/{e.PrefixLength}"),
                    ["IPv6Address"] = "",
                };
            }
        }

        return new JsonObject
        {
            ["Name"] = n.Name,
            ["Id"] = n.Id,
            ["Created"] = n.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            ["Scope"] = "local",
            ["Driver"] = n.Driver,
            ["EnableIPv6"] = false,
            ["IPAM"] = new JsonObject
            {
                ["Driver"] = "default",
                ["Options"] = new JsonObject(),
                ["Config"] = new JsonArray(new JsonObject { ["Subnet"] = n.Subnet, ["Gateway"] = n.Gateway }),
            },
            ["Internal"] = n.Internal,
            ["Attachable"] = false,
            ["Ingress"] = false,
            ["ConfigFrom"] = new JsonObject { ["Network"] = "" },
            ["ConfigOnly"] = false,
            ["Containers"] = containers,
            ["Options"] = new JsonObject { ["com.docker.network.bridge.name"] = n.BridgeName },
            ["Labels"] = new JsonObject(n.Labels.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
        };
    }

    /// <summary>host and none are modes, not records: Docker still inspects them, with no IPAM and their containers.</summary>
    private static JsonObject PredefinedJson(string name, IReadOnlyList<Metadata.ContainerRecord> attached)
    {
        var containers = new JsonObject();
        foreach (var c in attached)
        {
            containers[c.Id] = new JsonObject { ["Name"] = c.Name, ["EndpointID"] = "", ["MacAddress"] = "", ["IPv4Address"] = "", ["IPv6Address"] = "" };
        }

        return new JsonObject
        {
            ["Name"] = name,
            ["Id"] = PredefinedId(name),
            ["Created"] = "0001-01-01T00:00:00Z",
            ["Scope"] = "local",
            ["Driver"] = name == "host" ? "host" : "null",
            ["EnableIPv6"] = false,
            ["IPAM"] = new JsonObject { ["Driver"] = "default", ["Options"] = null, ["Config"] = new JsonArray() },
            ["Internal"] = false,
            ["Attachable"] = false,
            ["Ingress"] = false,
            ["ConfigFrom"] = new JsonObject { ["Network"] = "" },
            ["ConfigOnly"] = false,
            ["Containers"] = containers,
            ["Options"] = new JsonObject(),
            ["Labels"] = new JsonObject(),
        };
    }

    private static async Task<int> RmAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var engine = context.Engine;
        var status = 0;
        foreach (var name in context.Args.Positionals)
        {
            try
            {
                await engine.Networks.RemoveAsync(name, UsersOf(engine), cancellationToken).ConfigureAwait(false);
                await context.Out.WriteLineAsync(name).ConfigureAwait(false);
            }
            catch (EngineException e)
            {
                await context.Errors.DaemonErrorAsync(e.Message).ConfigureAwait(false);
                status = 1;
            }
        }

        return status;
    }

    /// <summary>The containers on a network, asked by the removal under the network's lock.</summary>
    private static Func<NetworkRecord, IReadOnlyCollection<string>> UsersOf(Engine engine) =>
        network => engine.Containers.ContainersOnNetwork(network).Select(c => c.Id).ToList();

    private static async Task<int> PruneAsync(CommandContext context, CancellationToken cancellationToken)
    {
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

        var engine = context.Engine;
        var deleted = await engine.Networks.PruneAsync(UsersOf(engine), cancellationToken).ConfigureAwait(false);
        if (deleted.Count > 0)
        {
            await context.Out.WriteLineAsync("Deleted Networks:").ConfigureAwait(false);
            foreach (var name in deleted)
            {
                await context.Out.WriteLineAsync(name).ConfigureAwait(false);
            }
        }

        return 0;
    }
}
