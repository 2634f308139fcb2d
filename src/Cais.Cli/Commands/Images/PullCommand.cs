using Cais.Cli.CommandLine;
using Cais.Cli.Rendering;
using Cais.Distribution;
using Cais.Images;

namespace Cais.Cli.Commands.Images;

public static class PullCommand
{
    public static CommandSpec Spec(string name = "pull") => new(name, "Download an image from a registry")
    {
        Usage = "cais pull [OPTIONS] NAME[:TAG|@DIGEST]",
        IsCommon = name == "pull",
        MinArgs = 1,
        MaxArgs = 1,
        Options =
        [
            OptionSpec.Str("platform", null, "Set platform if server is multi-platform capable"),
            OptionSpec.Flag("quiet", 'q', "Suppress verbose output"),
        ],
        Handler = Handler.Of((c, ct) => RunAsync(c, ct)),
    };

    private static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var platform = context.Args.GetString("platform");
        await PullAsync(context.Images, context.Args.Positionals[0], platform, context.Args.GetBool("quiet"), context.Out, !Console.IsOutputRedirected, cancellationToken).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Pulls with Docker's output: per-layer progress, digest, status, then the full name.</summary>
    public static async Task<PullResult> PullAsync(IImageService images, string name, string? platform, bool quiet, TextWriter output, bool isTerminal, CancellationToken cancellationToken)
    {
        var reference = ImageReference.ParseInput(name).WithDefaultTag();
        var renderer = new ProgressRenderer(output, isTerminal, quiet);
        if (!quiet)
        {
            renderer.PullingFrom(reference.Tag ?? reference.Digest!.Value.ToString(), reference.FamiliarName);
        }

        var result = await images.PullAsync(name, platform is null ? null : PlatformSelector.Parse(platform), renderer, cancellationToken).ConfigureAwait(false);
        renderer.Flush();
        if (!quiet)
        {
            renderer.Digest(result.Digest);
            renderer.Status(reference.FamiliarString(), downloadedNewer: !result.UpToDate);
        }

        renderer.Reference(reference.ToString());
        return result;
    }
}
