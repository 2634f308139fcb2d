using System.Text.Json;
using Cais.Api;
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
        var output = InspectOutput.Parse(context.Args.GetString("format"));
        var found = new List<InspectDocument>();
        var status = 0;
        foreach (var name in context.Args.Positionals)
        {
            var (document, notFound) = await FindAsync(context, name, kind, cancellationToken).ConfigureAwait(false);
            if (document is null)
            {
                // The generic inspect is the docker CLI's own search across object kinds: its miss is the client's
                // "Error: No such object"; the typed ones print the daemon's answer.
                await (kind == Kind.Any
                    ? context.Errors.ClientErrorAsync($"Error: No such object: {name}")
                    : context.Errors.DaemonErrorAsync(notFound ?? $"No such object: {name}")).ConfigureAwait(false);
                status = 1;
                continue;
            }

            found.Add(document);
        }

        await output.WriteAsync(context.Out, found).ConfigureAwait(false);
        return status;
    }

    /// <summary>The container's or image's document as the API returns it, or the engine's last "not found" message.</summary>
    private static async Task<(InspectDocument? Document, string? NotFound)> FindAsync(CommandContext context, string name, Kind kind, CancellationToken cancellationToken)
    {
        string? notFound = null;
        var engine = context;
        if (kind != Kind.Image)
        {
            try
            {
                var container = await engine.Containers.InspectAsync(name, context.Args.GetBool("size"), cancellationToken).ConfigureAwait(false);
                return (InspectDocument.Of(container, ApiJsonContext.Default.ContainerInspectResponse), null);
            }
            catch (EngineException e) when (e.Kind == ErrorKind.NotFound)
            {
                // Not a container: perhaps an image.
                notFound = e.Message;
            }
        }

        if (kind != Kind.Container)
        {
            try
            {
                var image = await engine.Images.InspectAsync(name, cancellationToken).ConfigureAwait(false);
                if (kind == Kind.Any && context.Args.GetBool("size"))
                {
                    // The docker CLI's own warning: an image has no writable layer to measure.
                    await context.Error.WriteLineAsync("WARNING: --size ignored for image").ConfigureAwait(false);
                }

                return (InspectDocument.Of(image, ApiJsonContext.Default.ImageInspect), null);
            }
            catch (EngineException e) when (e.Kind == ErrorKind.NotFound)
            {
                // Neither: reported by the caller in Docker's words for the kind asked.
                notFound = e.Message;
            }
        }

        return (null, notFound);
    }
}
