using System.Text.Json.Nodes;
using Cais.Cli.CommandLine;
using Cais.Cli.Rendering;
using Cais.Common;

namespace Cais.Cli.Commands.Inspect;

/// <summary><c>cais inspect</c>, <c>cais container inspect</c> and <c>cais image inspect</c>: JSON or a --format template per object.</summary>
public static class InspectCommand
{
    public enum Kind { Any, Container, Image }

    public static CommandSpec Spec(string name, Kind kind) => new(name, kind switch
    {
        Kind.Container => "Display detailed information on one or more containers",
        Kind.Image => "Display detailed information on one or more images",
        _ => "Return low-level information on Docker objects",
    })
    {
        Usage = kind switch
        {
            Kind.Container => "cais container inspect [OPTIONS] CONTAINER [CONTAINER...]",
            Kind.Image => "cais image inspect [OPTIONS] IMAGE [IMAGE...]",
            _ => "cais inspect [OPTIONS] NAME|ID [NAME|ID...]",
        },
        MinArgs = 1,
        Options = kind == Kind.Any
            ? [OptionSpec.Str("format", 'f', "Format output using a custom template"), OptionSpec.Flag("size", 's', "Display total file sizes if the type is container"), OptionSpec.Str("type", null, "Only inspect objects of the given type")]
            : [OptionSpec.Str("format", 'f', "Format output using a custom template"), OptionSpec.Flag("size", 's', "Display total file sizes")],
        Handler = Handler.Of((c, ct) => RunAsync(c, kind, ct)),
    };

    private static async Task<int> RunAsync(CommandContext context, Kind kind, CancellationToken cancellationToken)
    {
        // Only the generic "inspect" declares --type; asking the parser about an undeclared option is a bug, not "unset".
        var type = kind == Kind.Any && context.Args.IsSet("type") ? context.Args.GetString("type") : null;
        if (type is not (null or "container" or "image"))
        {
            throw EngineException.Invalid($"\"{type}\" is not a valid value for --type");
        }

        kind = type switch { "container" => Kind.Container, "image" => Kind.Image, _ => kind };
        var format = context.Args.GetString("format");
        var template = string.IsNullOrEmpty(format) || format == "json" ? null : GoTemplate.Parse(format);
        var found = new JsonArray();
        var status = 0;
        foreach (var name in context.Args.Positionals)
        {
            var node = await FindAsync(context, name, kind, cancellationToken).ConfigureAwait(false);
            if (node is null)
            {
                await context.Errors.DaemonErrorAsync(kind switch
                {
                    Kind.Container => $"No such container: {name}",
                    Kind.Image => $"No such image: {name}",
                    _ => $"No such object: {name}",
                }).ConfigureAwait(false);
                status = 1;
                continue;
            }

            found.Add((JsonNode)node);
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

    private static async Task<JsonObject?> FindAsync(CommandContext context, string name, Kind kind, CancellationToken cancellationToken)
    {
        var engine = context.Engine;
        if (kind != Kind.Image && engine.ContainerRecords.Find(name) is not null)
        {
            var record = await engine.Containers.GetAsync(name, cancellationToken).ConfigureAwait(false);
            return InspectJson.Container(record, engine.Options.Paths, engine.Containers.LogPath(record.Id), engine.ConcreteNetworks);
        }

        if (kind != Kind.Container && engine.Images.Find(name) is { } image)
        {
            var config = await engine.Images.ReadConfigAsync(image, cancellationToken).ConfigureAwait(false);
            return InspectJson.Image(image, engine.Images.NamesOf(image.Id), config, engine.Snapshotter.Driver);
        }

        return null;
    }
}
